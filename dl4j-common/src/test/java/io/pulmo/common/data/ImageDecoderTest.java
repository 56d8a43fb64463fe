package io.pulmo.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void backend() {
        Backend.init(2);
    }

    /** A 32 × 32 grey image of random noise: most of its JPEG is entropy-coded data. */
    private static BufferedImage noise(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        SplittableRandom rng = new SplittableRandom(1);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, rng.nextInt(256));
            }
        }
        return img;
    }

    @Test
    void eightBitGrayPngEqualsRasterOver255() {
        Path png = TestImages.write(TestImages.rampGray(16, 16), "png", tmp.resolve("ramp.png"));
        int[] expected = TestImages.samples(png);

        float[] px = new ImageDecoder(16, 1).decode(png);

        assertThat(px).hasSize(256);
        for (int i = 0; i < px.length; i++) {
            assertThat((double) px[i]).as("pixel %d", i).isCloseTo(expected[i] / 255.0, within(1.0 / 255));
        }
        assertThat(px[0]).isEqualTo(0f);
        assertThat((double) px[1]).isCloseTo(16 / 255.0, within(1e-6));
    }

    @Test
    void eightBitGrayJpegIsCloseToImageIO() {
        Path jpg = TestImages.write(TestImages.rampGray(16, 16), "jpeg", tmp.resolve("ramp.jpeg"));
        int[] expected = TestImages.samples(jpg);

        float[] px = new ImageDecoder(16, 1).decode(jpg);

        assertThat(px).hasSize(256);
        for (int i = 0; i < px.length; i++) {
            assertThat(px[i]).isBetween(0f, 1f);
            assertThat((double) px[i]).as("pixel %d", i).isCloseTo(expected[i] / 255.0, within(4.0 / 255));
        }
    }

    @Test
    void sixteenBitGrayPngIsScaledBy65535() {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        int[] values = new int[64];
        for (int i = 0; i < 64; i++) {
            values[i] = i * 1000 + 7; // 7 .. 63007: most need more than 8 bits
        }
        img.getRaster().setPixels(0, 0, 8, 8, values);
        Path png = TestImages.write(img, "png", tmp.resolve("deep.png"));

        float[] px = new ImageDecoder(8, 1).decode(png);

        for (int i = 0; i < 64; i++) {
            assertThat((double) px[i]).as("pixel %d", i).isCloseTo(values[i] / 65535.0, within(1e-5));
        }
    }

    @Test
    void colourComesOutInRgbOrder() {
        BufferedImage img = TestImages.uniformRgb(8, 8, 0, 0, 255);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, 0xFF0000); // left half pure red
            }
        }
        Path png = TestImages.write(img, "png", tmp.resolve("red-blue.png"));

        float[] px = new ImageDecoder(8, 3).decode(png);

        int plane = 64;
        int left = 3 * 8 + 1;   // row 3, column 1
        int right = 3 * 8 + 6;  // row 3, column 6
        assertThat(new float[]{px[left], px[plane + left], px[2 * plane + left]}).containsExactly(1f, 0f, 0f);
        assertThat(new float[]{px[right], px[plane + right], px[2 * plane + right]}).containsExactly(0f, 0f, 1f);
    }

    @ParameterizedTest(name = "16x16 to {0} px, {1} channel(s) -> {2} values")
    @CsvSource({
            "4,  1,  16",
            "5,  3,  75",
            "16, 1, 256",
            "32, 3, 3072",
    })
    void resizesToTheRequestedSize(int size, int channels, int length) {
        Path png = TestImages.write(TestImages.uniformGray(16, 16, 128), "png", tmp.resolve("grey.png"));
        ImageDecoder decoder = new ImageDecoder(size, channels);

        float[] px = decoder.decode(png);

        assertThat(decoder.length()).isEqualTo(length);
        assertThat(px).hasSize(length);
        for (float v : px) {
            assertThat((double) v).isCloseTo(128 / 255.0, within(1e-6));
        }
    }

    @Test
    void trailingZeroPaddingAfterAJpegIsAccepted() throws IOException {
        Path jpg = TestImages.write(TestImages.uniformGray(8, 8, 200), "jpeg", tmp.resolve("padded.jpeg"));
        Files.write(jpg, new byte[100], java.nio.file.StandardOpenOption.APPEND);

        float[] px = new ImageDecoder(8, 1).decode(jpg);

        assertThat((double) px[27]).isCloseTo(200 / 255.0, within(2.0 / 255));
    }

    @Test
    void truncatedJpegIsRejected() throws IOException {
        Path jpg = TestImages.write(noise(32), "jpeg", tmp.resolve("cut.jpeg"));
        TestImages.truncate(jpg, (int) Files.size(jpg) / 2);

        assertThatThrownBy(() -> new ImageDecoder(32, 1).decode(jpg))
                .isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("truncated or corrupt JPEG: " + jpg);
    }

    @Test
    void truncatedPngIsRejected() throws IOException {
        Path png = TestImages.write(noise(32), "png", tmp.resolve("cut.png"));
        TestImages.truncate(png, (int) Files.size(png) / 2);

        assertThatThrownBy(() -> new ImageDecoder(32, 1).decode(png))
                .isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("truncated or corrupt PNG: " + png);
    }

    @Test
    void textFileNamedPngIsUnreadable() throws IOException {
        Path fake = tmp.resolve("fake.png");
        Files.writeString(fake, "this is not an image, just some text\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new ImageDecoder(8, 1).decode(fake))
                .isInstanceOf(PulmoException.class)
                .hasMessage("unreadable image: " + fake + " (not a JPEG or PNG file)");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = tmp.resolve("gone.png");

        assertThatThrownBy(() -> new ImageDecoder(8, 1).decode(missing))
                .isInstanceOf(PulmoException.class)
                .hasMessage("image not found: " + missing);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'PNG signature only',        truncated or corrupt PNG",
            "'JPEG SOI only',             truncated or corrupt JPEG",
            "'GIF header',                not a JPEG or PNG file",
            "'empty',                     not a JPEG or PNG file",
    })
    void structureCheckTable(String name, String message) {
        byte[] bytes = switch (name) {
            case "PNG signature only" -> new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0};
            case "JPEG SOI only" -> Arrays.copyOf(new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}, 40);
            case "GIF header" -> "GIF89a....".getBytes(StandardCharsets.US_ASCII);
            default -> new byte[0];
        };

        assertThatThrownBy(() -> ImageDecoder.checkStructure(bytes, Path.of("x")))
                .isInstanceOf(PulmoException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsBadGeometry() {
        assertThatThrownBy(() -> new ImageDecoder(0, 1)).hasMessageContaining("data.image.size");
        assertThatThrownBy(() -> new ImageDecoder(8, 2)).hasMessageContaining("data.image.channels");
    }
}
