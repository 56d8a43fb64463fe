package io.pulmo.common.data;

import io.pulmo.common.PulmoException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Binary masks: reading mask images and resizing masks without inventing values between 0 and 1. */
public final class Masks {
    private Masks() {
    }

    /**
     * A mask image (8- or 16-bit, grayscale or colour: the first band) binarised at &gt; 0, resized to
     * {@code size × size} by nearest neighbour, as 0/1 floats, row-major.
     */
    public static float[] read(Path file, int size) {
        if (!Files.isRegularFile(file)) {
            throw new PulmoException("mask not found: " + file);
        }
        BufferedImage img;
        try {
            ImageDecoder.checkStructure(Files.readAllBytes(file), file);
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new PulmoException("unreadable mask: " + file + " (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new PulmoException("unreadable mask: " + file + " (not an image)");
        }
        Raster r = img.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        byte[] bin = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bin[y * w + x] = (byte) (r.getSample(x, y, 0) > 0 ? 1 : 0);
            }
        }
        return resizeNearest(bin, w, h, size);
    }

    /** A row-major 0/1 mask of {@code w × h} resized to {@code size × size} by nearest neighbour (pixel centres). */
    public static float[] resizeNearest(byte[] mask, int w, int h, int size) {
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            int sy = Math.min(h - 1, (int) ((y + 0.5) * h / size));
            for (int x = 0; x < size; x++) {
                int sx = Math.min(w - 1, (int) ((x + 0.5) * w / size));
                out[y * size + x] = mask[sy * w + sx] != 0 ? 1f : 0f;
            }
        }
        return out;
    }

    /** Sets every value to 1 where it is at least 0.5 and to 0 elsewhere (after an interpolating transform). */
    static void binarise(float[] values, int from, int length) {
        for (int i = from; i < from + length; i++) {
            values[i] = values[i] >= 0.5f ? 1f : 0f;
        }
    }
}
