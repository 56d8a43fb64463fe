package io.pulmo.common.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Tiny image fixtures written with the JDK's ImageIO, for tests of the data and train packages. */
public final class TestImages {
    private TestImages() {
    }

    /** A {@code w × h} 8-bit grey image whose every pixel is {@code value}. */
    public static BufferedImage uniformGray(int w, int h, int value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, value);
        img.getRaster().setPixels(0, 0, w, h, px);
        return img;
    }

    /** A {@code w × h} 8-bit grey image with pixel (x, y) = {@code (x * 16 + y * 8) % 256}: a smooth ramp. */
    public static BufferedImage rampGray(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (x * 16 + y * 8) % 256);
            }
        }
        return img;
    }

    /** A {@code w × h} RGB image whose every pixel is (r, g, b). */
    public static BufferedImage uniformRgb(int w, int h, int r, int g, int b) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** Writes {@code img} as {@code format} ("png" or "jpeg") to {@code file}, creating parent folders. */
    public static Path write(BufferedImage img, String format, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raster samples of band 0 of a file read back with ImageIO, row-major. */
    public static int[] samples(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            return img.getRaster().getSamples(0, 0, img.getWidth(), img.getHeight(), 0, (int[]) null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the first {@code keep} bytes of {@code file}. */
    public static void truncate(Path file, int keep) {
        try {
            byte[] b = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(b, keep));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
