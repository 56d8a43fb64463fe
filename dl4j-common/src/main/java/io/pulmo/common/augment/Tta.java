package io.pulmo.common.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-time augmentation: fixed views of each input, whose predicted probabilities are averaged.
 *
 * <p>View names: {@code identity}; {@code hflip} (column {@code x → w−1−x}); {@code vflip} (row {@code y → h−1−y});
 * {@code rot<degrees>} such as {@code rot90}, {@code rot15} or {@code rot-10}: a turn about the centre,
 * counter-clockwise for positive degrees as torchvision. Multiples of 90° are exact pixel permutations (90° and 270°
 * need a square image); other angles sample bilinearly with fill 0, so views should see pixels in [0, 1] before
 * normalisation, as training augmentation does. {@code identity} returns an exact copy, so identity-only TTA feeds the
 * model exactly the plain prediction's input.
 */
public final class Tta {
    /** The accepted forms, for error messages. */
    public static final String KNOWN = "identity, hflip, vflip, rot90, rot180, rot270, rot<degrees> (e.g. rot15, "
            + "rot-10)";
    private static final Pattern ROTATION = Pattern.compile("rot(-?\\d+(?:\\.\\d+)?)");

    private Tta() {
    }

    /** Writes the view of one {@code [c][h][w]} image from {@code src} into {@code dst} (distinct arrays). */
    @FunctionalInterface
    public interface Transform {
        void apply(float[] src, float[] dst, int channels, int height, int width);
    }

    /**
     * One deterministic view.
     *
     * @param name      the name it was parsed from
     * @param transform what it does to one image
     */
    public record View(String name, Transform transform) {

        /**
         * The view of {@code images}: one or more planar {@code [c][h][w]} images back to back (a {@code [n, c, h, w]}
         * batch), returned as a new array; the input is not changed.
         *
         * @throws IllegalArgumentException when the length is not a multiple of {@code c·h·w}
         */
        public float[] apply(float[] images, int channels, int height, int width) {
            int len = channels * height * width;
            if (len < 1 || images.length % len != 0) {
                throw new IllegalArgumentException("TTA view " + name + ": " + images.length + " values are not a "
                        + "whole number of " + channels + "×" + height + "×" + width + " images");
            }
            float[] out = new float[images.length];
            float[] src = new float[len];
            float[] dst = new float[len];
            for (int off = 0; off < images.length; off += len) {
                System.arraycopy(images, off, src, 0, len);
                transform.apply(src, dst, channels, height, width);
                System.arraycopy(dst, 0, out, off, len);
            }
            return out;
        }

        /** This view as an operator on {@code [n][c][h][w]} arrays of the given image shape. */
        public UnaryOperator<float[]> forShape(int channels, int height, int width) {
            return images -> apply(images, channels, height, width);
        }
    }

    /** Parses each name with {@link #view(String)}, keeping their order. */
    public static List<View> views(List<String> names) {
        List<View> views = new ArrayList<>(names.size());
        for (String n : names) {
            views.add(view(n));
        }
        return List.copyOf(views);
    }

    /**
     * The view with this name.
     *
     * @throws IllegalArgumentException for an unknown name, listing {@link #KNOWN}
     */
    public static View view(String name) {
        String n = name == null ? "" : name.trim();
        switch (n) {
            case "identity":
                return new View(n, (src, dst, c, h, w) -> System.arraycopy(src, 0, dst, 0, src.length));
            case "hflip":
                return new View(n, (src, dst, c, h, w) -> {
                    System.arraycopy(src, 0, dst, 0, src.length);
                    Warp.flipHorizontal(dst, c, h, w);
                });
            case "vflip":
                return new View(n, (src, dst, c, h, w) -> {
                    System.arraycopy(src, 0, dst, 0, src.length);
                    Warp.flipVertical(dst, c, h, w);
                });
            default:
                break;
        }
        Matcher m = ROTATION.matcher(n);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown TTA view '" + name + "'; known: " + KNOWN);
        }
        double degrees = Double.parseDouble(m.group(1));
        if (degrees % 90 == 0) {
            int quarters = (int) Math.floorMod((long) (degrees / 90), 4L);
            return new View(n, (src, dst, c, h, w) -> Warp.rotate90(src, dst, c, h, w, quarters));
        }
        return new View(n, (src, dst, c, h, w) -> Warp.rotate(src, dst, c, h, w, degrees));
    }

    /**
     * The element-wise mean of predictions of equal shape, e.g. {@code [n][classes]} probabilities from each view.
     * A running mean is used, so equal inputs give back exactly their values.
     *
     * @throws IllegalArgumentException when the list is empty or the shapes differ
     */
    public static double[][] average(List<double[][]> predictions) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("TTA average needs at least one prediction");
        }
        double[][] first = predictions.get(0);
        double[][] mean = new double[first.length][];
        for (int r = 0; r < first.length; r++) {
            mean[r] = first[r].clone();
        }
        for (int v = 1; v < predictions.size(); v++) {
            double[][] p = predictions.get(v);
            if (p.length != mean.length) {
                throw new IllegalArgumentException("TTA prediction " + v + " has " + p.length + " rows, expected "
                        + mean.length);
            }
            for (int r = 0; r < mean.length; r++) {
                if (p[r].length != mean[r].length) {
                    throw new IllegalArgumentException("TTA prediction " + v + " row " + r + " has " + p[r].length
                            + " values, expected " + mean[r].length);
                }
                for (int k = 0; k < mean[r].length; k++) {
                    mean[r][k] += (p[r][k] - mean[r][k]) / (v + 1);
                }
            }
        }
        return mean;
    }
}
