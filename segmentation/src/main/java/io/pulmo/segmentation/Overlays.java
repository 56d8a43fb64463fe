package io.pulmo.segmentation;

import io.pulmo.common.PulmoException;
import io.pulmo.common.run.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Overlay pictures: the image in gray, the predicted mask filled in translucent red, and the ground truth's outline
 * in green, enlarged by whole pixels to at least {@value #MIN_SIDE} px so small masks stay visible.
 */
public final class Overlays {
    /** The smallest side of a written overlay. */
    public static final int MIN_SIDE = 256;
    private static final int RED = 0xE8202A;
    private static final int GREEN = 0x20E040;
    private static final float FILL = 0.5f;

    private Overlays() {
    }

    /**
     * The overlay of one image.
     *
     * @param gray  the image, {@code size²} values in [0, 1] (the first channel of the model's input, before normalisation)
     * @param pred  the predicted mask, 0/1, or null
     * @param truth the true mask, 0/1, or null (no outline)
     */
    public static BufferedImage draw(float[] gray, float[] pred, float[] truth, int size) {
        int scale = Math.max(1, (MIN_SIDE + size - 1) / size);
        BufferedImage img = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                int g = Math.round(Math.max(0f, Math.min(1f, gray[i])) * 255);
                int rgb = g << 16 | g << 8 | g;
                if (pred != null && pred[i] > 0.5f) {
                    rgb = blend(rgb, RED);
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        if (truth != null) {
            outline(img, truth, size, scale);
        }
        return img;
    }

    /** Writes {@link #draw} as a PNG, atomically. */
    public static void write(float[] gray, float[] pred, float[] truth, int size, Path png) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(draw(gray, pred, truth, size), "png", bytes);
            AtomicFiles.write(png, bytes.toByteArray());
        } catch (IOException e) {
            throw new PulmoException("cannot write overlay " + png + ": " + e.getMessage(), e);
        }
    }

    /**
     * Overlay file names for images: each file's stem (without {@code .png}, {@code .jpg}, {@code .jpeg} or
     * {@code .dcm}) plus {@code .png}; where names repeat (ignoring case), {@code -2}, {@code -3}, … is appended.
     */
    public static List<String> fileNames(List<Path> images) {
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (Path image : images) {
            String stem = image.getFileName().toString().replaceAll("(?i)\\.(png|jpe?g|dcm)$", "");
            String name = stem;
            for (int k = 2; !seen.add(name.toLowerCase(Locale.ROOT)); k++) {
                name = stem + "-" + k;
            }
            names.add(name + ".png");
        }
        return names;
    }

    private static int blend(int rgb, int color) {
        int r = Math.round((rgb >> 16 & 0xff) * (1 - FILL) + (color >> 16 & 0xff) * FILL);
        int g = Math.round((rgb >> 8 & 0xff) * (1 - FILL) + (color >> 8 & 0xff) * FILL);
        int b = Math.round((rgb & 0xff) * (1 - FILL) + (color & 0xff) * FILL);
        return r << 16 | g << 8 | b;
    }

    /** Marks, at the enlarged resolution, the enlarged pixels of the mask that touch a pixel outside it. */
    private static void outline(BufferedImage img, float[] mask, int size, int scale) {
        int side = size * scale;
        int width = Math.max(1, scale / 3);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (inside(mask, size, x / scale, y / scale) && nearOutside(mask, size, scale, x, y, width)) {
                    img.setRGB(x, y, GREEN);
                }
            }
        }
    }

    private static boolean nearOutside(float[] mask, int size, int scale, int x, int y, int width) {
        for (int dy = -width; dy <= width; dy++) {
            for (int dx = -width; dx <= width; dx++) {
                int xx = Math.floorDiv(x + dx, scale);
                int yy = Math.floorDiv(y + dy, scale);
                if (!inside(mask, size, xx, yy)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean inside(float[] mask, int size, int x, int y) {
        return x >= 0 && y >= 0 && x < size && y < size && mask[y * size + x] > 0.5f;
    }
}
