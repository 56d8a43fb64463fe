package io.pulmo.common.data.siim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.PulmoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DicomWriter} files read back through ImageJ by {@link Dicom}. */
class DicomTest {

    private static final DicomWriter.Ids IDS = new DicomWriter.Ids(
            "1.2.276.0.7230010.3.1.4.8323329.5597.1517875188.959090",
            "1.2.276.0.7230010.3.1.2.8323329.5597.1517875188.959089",
            "1.2.276.0.7230010.3.1.3.8323329.5597.1517875188.959088", "17d405a3-a0d2-4901-b33a-63906aa48d9f");

    @TempDir
    Path tmp;

    private static int[] random(int n, int max, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(max + 1);
        }
        v[0] = 0;
        v[n - 1] = max;
        return v;
    }

    private static float[] floats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    private Path write(String name, DicomWriter.Pixels pixels) throws IOException {
        Path f = tmp.resolve(name);
        DicomWriter.write(f, pixels, IDS);
        return f;
    }

    @Test
    void eightBitNonSquareRoundTripsWithUids() throws IOException {
        int[] stored = random(5 * 3, 255, 1);
        Path f = write("a.dcm", DicomWriter.Pixels.monochrome2(5, 3, 8, stored));

        DicomImage img = Dicom.read(f);

        assertThat(img.width()).isEqualTo(5);
        assertThat(img.height()).isEqualTo(3);
        assertThat(img.pixels()).containsExactly(floats(stored));
        assertThat(img.bitsAllocated()).isEqualTo(8);
        assertThat(img.bitsStored()).isEqualTo(8);
        assertThat(img.signed()).isFalse();
        assertThat(img.photometric()).isEqualTo("MONOCHROME2");
        assertThat(img.sopInstanceUid()).isEqualTo(IDS.sopInstanceUid());
        assertThat(img.studyInstanceUid()).isEqualTo(IDS.studyInstanceUid());
        assertThat(img.seriesInstanceUid()).isEqualTo(IDS.seriesInstanceUid());
        float[] norm = img.normalized();
        for (int i = 0; i < stored.length; i++) {
            assertThat(norm[i]).isCloseTo(stored[i] / 255f, within(1e-7f));
        }
    }

    @Test
    void sixteenBitNonSquareRoundTrips() throws IOException {
        int[] stored = random(4 * 6, 65535, 2);
        Path f = write("b.dcm", DicomWriter.Pixels.monochrome2(4, 6, 16, stored));

        DicomImage img = Dicom.read(f);

        assertThat(img.width()).isEqualTo(4);
        assertThat(img.height()).isEqualTo(6);
        assertThat(img.pixels()).containsExactly(floats(stored));
        assertThat(img.bitsStored()).isEqualTo(16);
        assertThat(img.minValue()).isZero();
        assertThat(img.maxValue()).isEqualTo(65535);
        assertThat(img.normalized()[stored.length - 1]).isEqualTo(1f);
    }

    @Test
    void twelveBitsStoredNormaliseBy4095() throws IOException {
        int[] stored = random(7 * 2, 4095, 3);
        Path f = write("c.dcm", new DicomWriter.Pixels(7, 2, 16, 12, stored, false, 1, 0));

        DicomImage img = Dicom.read(f);

        assertThat(img.bitsStored()).isEqualTo(12);
        assertThat(img.pixels()).containsExactly(floats(stored));
        assertThat(img.normalized()[3]).isCloseTo(stored[3] / 4095f, within(1e-7f));
    }

    /** MONOCHROME1: 0 is white. Reflected within the 8-bit range: stored s reads as 255 − s, so larger = brighter. */
    @Test
    void monochrome1IsInverted() throws IOException {
        int[] stored = {0, 10, 200, 255, 128, 1};
        Path f = write("d.dcm", new DicomWriter.Pixels(3, 2, 8, 8, stored, true, 1, 0));

        DicomImage img = Dicom.read(f);

        assertThat(img.photometric()).isEqualTo("MONOCHROME1");
        assertThat(img.pixels()).containsExactly(255, 245, 55, 0, 127, 254);
        assertThat(img.normalized()[0]).isEqualTo(1f);
        assertThat(img.normalized()[3]).isEqualTo(0f);
    }

    /**
     * Slope ≠ 1: ImageJ's {@code DICOM.open} would convert to 32-bit through {@code IJ.run}, which throws
     * {@code HeadlessException} without a display; the reader applies {@code 0.5·s − 10} itself. The normalised
     * window is the rescaled 16-bit range [−10, 32757.5], so normalised = s / 65535 still.
     */
    @Test
    void rescaleSlopeAndInterceptAreApplied() throws IOException {
        int[] stored = {0, 1, 2, 100, 40000, 65535};
        Path f = write("e.dcm", new DicomWriter.Pixels(2, 3, 16, 16, stored, false, 0.5, -10));

        DicomImage img = Dicom.read(f);

        assertThat(img.rescaleSlope()).isEqualTo(0.5);
        assertThat(img.rescaleIntercept()).isEqualTo(-10);
        assertThat(img.pixels()).containsExactly(-10f, -9.5f, -9f, 40f, 19990f, 32757.5f);
        assertThat(img.minValue()).isEqualTo(-10);
        assertThat(img.maxValue()).isEqualTo(32757.5);
        assertThat(img.normalized()[4]).isCloseTo(40000 / 65535f, within(1e-6f));
    }

    /** Slope 1 with an intercept: ImageJ keeps the raw pixels and puts −1024 in its Calibration only; we apply it. */
    @Test
    void interceptOnlyIsApplied() throws IOException {
        int[] stored = {0, 1024, 3000, 4095};
        Path f = write("f.dcm", new DicomWriter.Pixels(2, 2, 16, 12, stored, false, 1, -1024));

        assertThat(Dicom.read(f).pixels()).containsExactly(-1024f, 0f, 1976f, 3071f);
    }

    @Test
    void eightBitRescaleAndMonochrome1Together() throws IOException {
        int[] stored = {0, 5, 255};
        Path f = write("g.dcm", new DicomWriter.Pixels(3, 1, 8, 8, stored, true, 2, 5));

        DicomImage img = Dicom.read(f);

        // rescaled s → 2s + 5 in [5, 515]; MONOCHROME1 reflects v → 520 − v = 2(255 − s) + 5
        assertThat(img.pixels()).containsExactly(515f, 505f, 5f);
        assertThat(img.normalized()).containsExactly(1f, 250 / 255f, 0f);
    }

    /**
     * The file structure, checked without ImageJ: preamble, DICM, meta group length, explicit VR little endian with
     * even value lengths, tags ascending, 4-byte lengths for OB/OW, odd 8-bit pixel data padded.
     */
    @Test
    void fileIsAValidExplicitVrLittleEndianPart10File() throws IOException {
        int[] stored = random(3 * 3, 255, 4);
        byte[] b = DicomWriter.encode(DicomWriter.Pixels.monochrome2(3, 3, 8, stored), IDS);

        assertThat(Arrays.copyOf(b, 128)).containsOnly(0);
        assertThat(new String(b, 128, 4, StandardCharsets.US_ASCII)).isEqualTo("DICM");
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(132);
        List<String> elements = new ArrayList<>();
        long previousTag = -1;
        long metaEnd = -1;
        long firstDataElement = -1;
        while (buf.hasRemaining()) {
            int start = buf.position();
            int group = buf.getShort() & 0xFFFF;
            int element = buf.getShort() & 0xFFFF;
            String vr = "" + (char) buf.get() + (char) buf.get();
            long length;
            if (List.of("OB", "OW", "SQ", "UN", "UT").contains(vr)) {
                assertThat(buf.getShort()).as("reserved").isZero();
                length = buf.getInt() & 0xFFFFFFFFL;
            } else {
                length = buf.getShort() & 0xFFFF;
            }
            long tag = ((long) group << 16) | element;
            assertThat(tag).isGreaterThan(previousTag);
            assertThat(length % 2).as("length of %08X", tag).isZero();
            byte[] value = new byte[(int) length];
            buf.get(value);
            if (tag == 0x00020000L) {
                metaEnd = buf.position() + (ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL);
            }
            if (group != 0x0002 && firstDataElement < 0) {
                firstDataElement = start;
            }
            if (tag == 0x00080018L || tag == 0x00020003L) {
                assertThat(new String(value, StandardCharsets.US_ASCII)).isEqualTo(IDS.sopInstanceUid()); // 54: even
            }
            if (tag == 0x7FE00010L) {
                assertThat(vr).isEqualTo("OB");
                assertThat(length).isEqualTo(10); // 9 pixels + 1 pad byte
            }
            elements.add(String.format("%04X,%04X %s", group, element, vr));
            previousTag = tag;
        }
        assertThat(elements).contains("0002,0000 UL", "0002,0001 OB", "0002,0002 UI", "0002,0003 UI", "0002,0010 UI",
                "0002,0012 UI", "0008,0016 UI", "0008,0018 UI", "0008,0060 CS", "0010,0020 LO", "0020,000D UI",
                "0020,000E UI", "0028,0002 US", "0028,0004 CS", "0028,0010 US", "0028,0011 US", "0028,0100 US",
                "0028,0101 US", "0028,0102 US", "0028,0103 US", "0028,1052 DS", "0028,1053 DS", "7FE0,0010 OB");
        assertThat(firstDataElement).as("meta group length points at the first data set element").isEqualTo(metaEnd);

        // odd-length values: a UID is padded with \0, text with a space
        byte[] odd = DicomWriter.encode(DicomWriter.Pixels.monochrome2(3, 3, 8, stored),
                new DicomWriter.Ids("1.2.345", "1.2.3", "1.2.3.4", "abc"));
        indexOf(odd, "UI\u0008\u00001.2.345\0".getBytes(StandardCharsets.US_ASCII));
        indexOf(odd, "LO\u0004\u0000abc ".getBytes(StandardCharsets.US_ASCII));

        byte[] b16 = DicomWriter.encode(DicomWriter.Pixels.monochrome2(3, 3, 16, random(9, 65535, 5)), IDS);
        assertThat(new String(b16, b16.length - 18 - 12 + 4, 2, StandardCharsets.US_ASCII)).isEqualTo("OW");
    }

    @Test
    void decimalStringsFitSixteenCharacters() {
        assertThat(DicomWriter.decimalString(1)).isEqualTo("1");
        assertThat(DicomWriter.decimalString(-1024)).isEqualTo("-1024");
        assertThat(DicomWriter.decimalString(0.5)).isEqualTo("0.5");
        assertThat(DicomWriter.decimalString(0)).isEqualTo("0");
        assertThat(DicomWriter.decimalString(1e20)).hasSizeLessThanOrEqualTo(16);
        assertThat(Double.parseDouble(DicomWriter.decimalString(1.0 / 3))).isCloseTo(1.0 / 3, within(1e-8));
        assertThat(DicomWriter.decimalString(1.0 / 3)).hasSizeLessThanOrEqualTo(16);
    }

    @Test
    void writerRejectsBadInput() {
        assertThatThrownBy(() -> DicomWriter.Pixels.monochrome2(2, 2, 8, new int[]{0, 1, 2, 256}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
        assertThatThrownBy(() -> DicomWriter.Pixels.monochrome2(2, 2, 12, new int[4]))
                .hasMessageContaining("bitsAllocated");
        assertThatThrownBy(() -> new DicomWriter.Ids("case_07", "1.2", "1.3", "p"))
                .hasMessageContaining("sopInstanceUid");
    }

    @Test
    void readNormalizedResizesBilinearly() throws IOException {
        int[] stored = new int[16 * 16];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                stored[y * 16 + x] = (x * 16 + y * 8) % 256;
            }
        }
        Path f = write("ramp.dcm", DicomWriter.Pixels.monochrome2(16, 16, 8, stored));

        float[] same = Dicom.readNormalized(f, 16);
        float[] half = Dicom.readNormalized(f, 8);

        for (int i = 0; i < stored.length; i++) {
            assertThat(same[i]).isCloseTo(stored[i] / 255f, within(1e-7f));
        }
        // halving with pixel centres aligned samples at 2d + 0.5: the mean of each 2×2 block
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int a = stored[2 * y * 16 + 2 * x];
                int b = stored[2 * y * 16 + 2 * x + 1];
                int c = stored[(2 * y + 1) * 16 + 2 * x];
                int d = stored[(2 * y + 1) * 16 + 2 * x + 1];
                assertThat(half[y * 8 + x]).isCloseTo((a + b + c + d) / 4f / 255f, within(1e-6f));
            }
        }
    }

    @Test
    void resizeBilinearClampsAtTheBorderWhenEnlarging() {
        float[] out = Dicom.resizeBilinear(new float[]{0, 1}, 2, 1, 4, 1);
        // source x = (d + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25 → clamped 0, 0.25, 0.75, 1
        assertThat(out).containsExactly(0f, 0.25f, 0.75f, 1f);
    }

    @Test
    void missingFileIsAOneLineErrorNamingIt() {
        Path f = tmp.resolve("nope.dcm");
        assertThatThrownBy(() -> Dicom.read(f)).isInstanceOf(PulmoException.class)
                .hasMessage("DICOM file not found: " + f);
    }

    @Test
    void nonDicomFileIsRejected() throws IOException {
        Path f = tmp.resolve("x.dcm");
        Files.write(f, "this is not a DICOM file at all, just some text padding it out a little".repeat(4)
                .getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Dicom.read(f)).isInstanceOf(PulmoException.class)
                .hasMessageContaining("not a DICOM file: " + f).hasMessageNotContaining("\n");
        Path empty = tmp.resolve("empty.dcm");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> Dicom.read(empty)).hasMessageContaining(empty.toString());
    }

    @Test
    void truncatedFilesAreRejected() throws IOException {
        Path f = write("t.dcm", DicomWriter.Pixels.monochrome2(8, 8, 16, random(64, 65535, 6)));
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 10));
        assertThatThrownBy(() -> Dicom.read(f)).isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("truncated DICOM: " + f);

        Files.write(f, Arrays.copyOf(b, 300)); // inside the header
        assertThatThrownBy(() -> Dicom.read(f)).isInstanceOf(PulmoException.class).hasMessageContaining(f.toString());
    }

    @Test
    void compressedTransferSyntaxIsRefused() throws IOException {
        Path f = write("j.dcm", DicomWriter.Pixels.monochrome2(2, 2, 8, new int[4]));
        byte[] b = Files.readAllBytes(f);
        byte[] explicit = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] rle = "1.2.840.10008.1.2.5\0".getBytes(StandardCharsets.US_ASCII); // RLE Lossless, same length
        int at = indexOf(b, explicit);
        System.arraycopy(rle, 0, b, at, rle.length);
        Files.write(f, b);
        assertThatThrownBy(() -> Dicom.read(f)).isInstanceOf(PulmoException.class)
                .hasMessageContaining("unsupported DICOM: " + f).hasMessageContaining("1.2.840.10008.1.2.5");
    }

    /** A smooth, non-square 8-bit image that JPEG at quality 1 keeps within a few grey levels. */
    private static int[] smooth(int w, int h) {
        int[] v = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = 40 + 6 * x + 4 * y;
            }
        }
        return v;
    }

    /**
     * JPEG Baseline encapsulated pixels (ImageJ refuses them): the header comes from our own element walker, the
     * pixels from the JDK's JPEG decoder.
     */
    @Test
    void jpegBaselineIsReadWithoutImageJ() throws IOException {
        int[] stored = smooth(24, 20);
        Path f = tmp.resolve("jpeg.dcm");
        DicomWriter.writeBytes(f, DicomWriter.encodeJpegBaseline(DicomWriter.Pixels.monochrome2(24, 20, 8, stored),
                IDS, 1f));

        DicomImage img = Dicom.read(f);

        assertThat(img.width()).isEqualTo(24);
        assertThat(img.height()).isEqualTo(20);
        assertThat(img.bitsStored()).isEqualTo(8);
        assertThat(img.sopInstanceUid()).isEqualTo(IDS.sopInstanceUid());
        assertThat(img.studyInstanceUid()).isEqualTo(IDS.studyInstanceUid());
        for (int i = 0; i < stored.length; i++) {
            assertThat(img.pixels()[i]).as("pixel %d", i).isCloseTo(stored[i], within(3f));
        }
    }

    /**
     * The walker skips a sequence of undefined length with an undefined-length item, and ignores the Rows nested in
     * it: inserted before (0028,0002) is (0008,1140) SQ with one item holding (0028,0010) US 999.
     */
    @Test
    void jpegWalkerSkipsNestedSequences() throws IOException {
        byte[] b = DicomWriter.encodeJpegBaseline(DicomWriter.Pixels.monochrome2(24, 20, 8, smooth(24, 20)), IDS, 1f);
        byte[] sq = {0x08, 0x00, 0x40, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1, // (0008,1140) SQ, undefined length
                -2, -1, 0x00, -32, -1, -1, -1, -1,                             // (FFFE,E000) item, undefined length
                0x28, 0x00, 0x10, 0x00, 'U', 'S', 2, 0, (byte) 0xE7, 0x03,     // (0028,0010) US 999
                -2, -1, 0x0D, -32, 0, 0, 0, 0,                                 // (FFFE,E00D) item delimiter
                -2, -1, -35, -32, 0, 0, 0, 0};                                 // (FFFE,E0DD) sequence delimiter
        int at = indexOf(b, new byte[]{0x28, 0x00, 0x02, 0x00, 'U', 'S'});
        byte[] withSq = new byte[b.length + sq.length];
        System.arraycopy(b, 0, withSq, 0, at);
        System.arraycopy(sq, 0, withSq, at, sq.length);
        System.arraycopy(b, at, withSq, at + sq.length, b.length - at);
        Path f = tmp.resolve("sq.dcm");
        Files.write(f, withSq);

        DicomImage img = Dicom.read(f);

        assertThat(img.height()).isEqualTo(20);
        assertThat(img.width()).isEqualTo(24);
    }

    @Test
    void truncatedJpegDicomIsRejected() throws IOException {
        byte[] b = DicomWriter.encodeJpegBaseline(DicomWriter.Pixels.monochrome2(24, 20, 8, smooth(24, 20)), IDS, 1f);
        Path f = tmp.resolve("cut.dcm");
        Files.write(f, Arrays.copyOf(b, b.length - 40));
        assertThatThrownBy(() -> Dicom.read(f)).isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("truncated DICOM: " + f);
    }

    @Test
    void jpegBaselineNeedsEightBits() {
        assertThatThrownBy(() -> DicomWriter.encodeJpegBaseline(DicomWriter.Pixels.monochrome2(2, 2, 16, new int[4]),
                IDS, 1f)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8-bit");
    }

    /**
     * Pins ImageJ's own behaviour that the reader works around: with slope 1, {@code DICOM.open} keeps the raw values
     * and holds the intercept only in its Calibration function.
     */
    @Test
    void imageJKeepsRawPixelsAndCalibratesTheInterceptOnly() throws IOException {
        Path f = write("ij.dcm", new DicomWriter.Pixels(2, 2, 16, 12, new int[]{0, 1024, 3000, 4095}, false, 1, -1024));
        ij.plugin.DICOM dicom = new ij.plugin.DICOM();
        dicom.open(f.toString());

        assertThat(dicom.getProcessor().getf(1)).isEqualTo(1024f);
        assertThat(dicom.getCalibration().getCValue(1024)).isEqualTo(0.0);
        assertThat(Dicom.read(f).pixels()[1]).isEqualTo(0f);
    }

    /** ImageJ's header decoder shares a static buffer; reads from several threads must still agree. */
    @Test
    void concurrentReadsAgree() throws Exception {
        List<Path> files = new ArrayList<>();
        List<int[]> truth = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int[] stored = random(9 * 7, k % 2 == 0 ? 255 : 65535, 10 + k);
            files.add(write("p" + k + ".dcm", DicomWriter.Pixels.monochrome2(9, 7, k % 2 == 0 ? 8 : 16, stored)));
            truth.add(stored);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 24; t++) {
                int k = t % 4;
                results.add(pool.submit(() -> {
                    for (int r = 0; r < 20; r++) {
                        DicomImage img = Dicom.read(files.get(k));
                        if (!Arrays.equals(img.pixels(), floats(truth.get(k)))
                                || !img.sopInstanceUid().equals(IDS.sopInstanceUid())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
