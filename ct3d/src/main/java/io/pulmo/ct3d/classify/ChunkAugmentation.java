package io.pulmo.ct3d.classify;

import io.pulmo.ct3d.load.ChunkShape;

import java.util.SplittableRandom;

/**
 * The book's 3-D augmentation of a CT chunk ({@code getCtAugmentedCandidate}, chapter 12/14), applied for real:
 * one affine map resampled trilinearly, then Gaussian noise. A chunk is a flat {@code float[]} of Hounsfield
 * units in (index, row, col) order, col fastest ({@link io.pulmo.ct3d.load.CtChunk}'s layout).
 *
 * <p><b>The map</b> moves the content at chunk position {@code x} (voxels, per axis (index, row, col)) to
 * <pre>
 *   y = c + R(θ) · F · S · (x − c) + o
 * </pre>
 * with {@code c} the chunk's centre ({@code (n − 1) / 2} per axis), {@code S} the per-axis scale (content
 * magnified by the factor), {@code F} the per-axis flip (a mirror about {@code c}: voxel {@code k} goes to
 * {@code n − 1 − k} exactly), {@code R(θ)} a rotation about the head–foot (index) axis in the row–col plane
 * ({@code col' = cos θ·col − sin θ·row}, {@code row' = sin θ·col + cos θ·row} about the centre; the index is
 * unchanged), and {@code o} the offset in voxels. Each output voxel {@code y} samples the input at the inverse
 * image {@code x}, trilinearly; neighbours outside the chunk read {@value #AIR_HU} HU (air) — PyTorch's
 * {@code grid_sample(padding_mode='zeros')} with air for zero, where the book pads with the border values. The
 * rotation works in voxel units, which is right for CT chunks whose row and col spacings are equal (LUNA16's
 * always are); the index axis is never mixed with the others.
 *
 * <p><b>Random draw</b> ({@link #draw}), per axis in (index, row, col) order as the book does per axis: a flip
 * with probability 0.5, an offset uniform in ±{@code offset × n} voxels, a scale uniform in
 * {@code 1 ± scale}; then an angle uniform in [0, 2π). Then noise: independent {@code N(0, noise²)} HU per
 * voxel, not clipped afterwards (as in the book, so that noise stays symmetric at −1000).
 *
 * <p>Differences from the book: its offset and rotation act in {@code affine_grid}'s normalised coordinates,
 * where 0.1 is 5 % of the chunk; here the offset is a fraction of the chunk size in voxels (0.1 × 48 = ±4.8
 * voxels), as {@link Options#offset()} says. Every enabled part is applied, and each is tested on its own (the
 * issue reports that a version of the book's code loses the offset).
 */
public final class ChunkAugmentation {

    /** The value of samples outside the chunk: air. */
    public static final float AIR_HU = -1000f;

    /**
     * Which augmentations to draw, the book's {@code augmentation_dict}.
     *
     * @param flip   mirror each axis with probability 0.5
     * @param offset largest shift per axis as a fraction of the chunk size along it (the shift is in voxels),
     *               0 = none; 0 to 0.5
     * @param scale  largest relative change of size per axis: factors in {@code 1 ± scale}, 0 = none; 0 to
     *               0.9
     * @param rotate rotate by a uniform random angle about the head–foot (index) axis
     * @param noise  standard deviation of additive Gaussian noise in HU, 0 = none
     */
    public record Options(boolean flip, double offset, double scale, boolean rotate, double noise) {

        /** The book's {@code augmentation_dict}: flip, offset 0.1, scale 0.2, rotate, noise 25 HU. */
        public static final Options BOOK = new Options(true, 0.1, 0.2, true, 25.0);
        /** No augmentation. */
        public static final Options NONE = new Options(false, 0, 0, false, 0);

        public Options {
            if (!(offset >= 0 && offset <= 0.5)) {
                throw new IllegalArgumentException("augmentation offset must be in [0, 0.5] (fraction of the chunk),"
                        + " got " + offset);
            }
            if (!(scale >= 0 && scale <= 0.9)) {
                throw new IllegalArgumentException("augmentation scale must be in [0, 0.9], got " + scale);
            }
            if (!(noise >= 0 && Double.isFinite(noise))) {
                throw new IllegalArgumentException("augmentation noise must be a non-negative number of HU, got "
                        + noise);
            }
        }

        /** Whether these options never change a chunk. */
        public boolean isNone() {
            return !flip && offset == 0 && scale == 0 && !rotate && noise == 0;
        }
    }

    /**
     * What the map does along one axis.
     *
     * @param flip   mirror about the chunk's centre
     * @param offset shift of the content in voxels (positive: towards higher indices)
     * @param scale  magnification of the content about the centre, positive
     */
    public record AxisMap(boolean flip, double offset, double scale) {

        /** Leaves the axis as it is. */
        public static final AxisMap IDENTITY = new AxisMap(false, 0, 1);

        public AxisMap {
            if (!Double.isFinite(offset) || !(scale > 0 && Double.isFinite(scale))) {
                throw new IllegalArgumentException("axis map needs a finite offset and a positive scale, got offset "
                        + offset + ", scale " + scale);
            }
        }

        /** Whether the axis is left as it is. */
        public boolean isIdentity() {
            return !flip && offset == 0 && scale == 1;
        }

        /** The centred pre-image of a centred, un-shifted and un-rotated position: {@code F · S⁻¹}. */
        double inverse(double v) {
            return (flip ? -v : v) / scale;
        }
    }

    /**
     * One drawn affine map (see the class comment for the formula).
     *
     * @param index    the head–foot axis
     * @param row      the row axis
     * @param col      the col axis
     * @param angleRad rotation about the index axis, radians
     */
    public record Transform(AxisMap index, AxisMap row, AxisMap col, double angleRad) {

        /** Changes nothing. */
        public static final Transform IDENTITY = new Transform(AxisMap.IDENTITY, AxisMap.IDENTITY, AxisMap.IDENTITY,
                0);

        public Transform {
            if (index == null || row == null || col == null || !Double.isFinite(angleRad)) {
                throw new IllegalArgumentException("transform needs three axis maps and a finite angle");
            }
        }

        /** A rotation by {@code angleRad} about the index axis only. */
        public static Transform rotation(double angleRad) {
            return new Transform(AxisMap.IDENTITY, AxisMap.IDENTITY, AxisMap.IDENTITY, angleRad);
        }

        /** A shift of the content by the given voxels only. */
        public static Transform shift(double index, double row, double col) {
            return new Transform(new AxisMap(false, index, 1), new AxisMap(false, row, 1), new AxisMap(false, col, 1),
                    0);
        }

        /** Mirrors only. */
        public static Transform mirror(boolean index, boolean row, boolean col) {
            return new Transform(new AxisMap(index, 0, 1), new AxisMap(row, 0, 1), new AxisMap(col, 0, 1), 0);
        }

        /** Whether the map is exactly the identity. */
        public boolean isIdentity() {
            return index.isIdentity() && row.isIdentity() && col.isIdentity() && angleRad == 0;
        }
    }

    private final Options options;

    public ChunkAugmentation(Options options) {
        if (options == null) {
            throw new IllegalArgumentException("augmentation options must be given");
        }
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Draws the affine map for a chunk of {@code shape} (noise is drawn in {@link #apply}). */
    public Transform draw(ChunkShape shape, SplittableRandom rng) {
        AxisMap index = drawAxis(shape.depth(), rng);
        AxisMap row = drawAxis(shape.rows(), rng);
        AxisMap col = drawAxis(shape.cols(), rng);
        double angle = options.rotate() ? rng.nextDouble() * 2 * Math.PI : 0;
        return new Transform(index, row, col, angle);
    }

    private AxisMap drawAxis(int size, SplittableRandom rng) {
        boolean flip = options.flip() && rng.nextDouble() > 0.5;
        double offset = options.offset() > 0 ? options.offset() * size * (2 * rng.nextDouble() - 1) : 0;
        double scale = options.scale() > 0 ? 1 + options.scale() * (2 * rng.nextDouble() - 1) : 1;
        return new AxisMap(flip, offset, scale);
    }

    /** {@link #apply(float[], ChunkShape, SplittableRandom, float[], int)} into a new array. */
    public float[] apply(float[] chunk, ChunkShape shape, SplittableRandom rng) {
        float[] out = new float[shape.size()];
        apply(chunk, shape, rng, out, 0);
        return out;
    }

    /**
     * Draws a map, resamples {@code chunk} through it into {@code out} from {@code outOffset}, then adds the noise.
     * {@code chunk} is not changed. With {@link Options#NONE} the values are copied unchanged.
     *
     * @throws IllegalArgumentException when {@code chunk} does not hold {@code shape.size()} values or
     *                                  {@code out} has no room
     */
    public void apply(float[] chunk, ChunkShape shape, SplittableRandom rng, float[] out, int outOffset) {
        resample(chunk, shape, draw(shape, rng), out, outOffset);
        if (options.noise() > 0) {
            for (int k = outOffset; k < outOffset + shape.size(); k++) {
                out[k] += (float) (rng.nextGaussian() * options.noise());
            }
        }
    }

    /** {@link #resample(float[], ChunkShape, Transform, float[], int)} into a new array. */
    public static float[] resample(float[] chunk, ChunkShape shape, Transform t) {
        float[] out = new float[shape.size()];
        resample(chunk, shape, t, out, 0);
        return out;
    }

    /**
     * Resamples {@code chunk} through {@code t} (trilinear, {@value #AIR_HU} HU outside) into {@code out} from
     * {@code outOffset}. The identity copies exactly; sample positions within 1e-9 voxels of a voxel centre are
     * taken as that centre, so flips, whole-voxel shifts and quarter turns move values without blurring them.
     */
    public static void resample(float[] chunk, ChunkShape shape, Transform t, float[] out, int outOffset) {
        int depth = shape.depth();
        int rows = shape.rows();
        int cols = shape.cols();
        if (chunk.length != shape.size() || outOffset < 0 || out.length - outOffset < shape.size()) {
            throw new IllegalArgumentException("chunk of shape " + shape + " needs " + shape.size()
                    + " values in and room for as many out, got " + chunk.length + " in, "
                    + (out.length - outOffset) + " out");
        }
        if (t.isIdentity()) {
            System.arraycopy(chunk, 0, out, outOffset, chunk.length);
            return;
        }
        // Sample positions in the row-col plane are the same on every slice: compute them once.
        int plane = rows * cols;
        int[] r0 = new int[plane];
        int[] c0 = new int[plane];
        float[] fr = new float[plane];
        float[] fc = new float[plane];
        double cr = (rows - 1) / 2.0;
        double cc = (cols - 1) / 2.0;
        double cos = Math.cos(t.angleRad());
        double sin = Math.sin(t.angleRad());
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double dr = r - cr - t.row().offset();
                double dc = c - cc - t.col().offset();
                double sr = cr + t.row().inverse(cos * dr - sin * dc);
                double sc = cc + t.col().inverse(cos * dc + sin * dr);
                int p = r * cols + c;
                r0[p] = floor(sr);
                fr[p] = (float) (snap(sr) - r0[p]);
                c0[p] = floor(sc);
                fc[p] = (float) (snap(sc) - c0[p]);
            }
        }
        double ci = (depth - 1) / 2.0;
        for (int i = 0; i < depth; i++) {
            double si = ci + t.index().inverse(i - ci - t.index().offset());
            int i0 = floor(si);
            float fi = (float) (snap(si) - i0);
            int base = outOffset + i * plane;
            for (int p = 0; p < plane; p++) {
                int r = r0[p];
                int c = c0[p];
                float wr = fr[p];
                float wc = fc[p];
                float v00 = lerp(at(chunk, shape, i0, r, c), at(chunk, shape, i0, r, c + 1), wc);
                float v01 = lerp(at(chunk, shape, i0, r + 1, c), at(chunk, shape, i0, r + 1, c + 1), wc);
                float v10 = lerp(at(chunk, shape, i0 + 1, r, c), at(chunk, shape, i0 + 1, r, c + 1), wc);
                float v11 = lerp(at(chunk, shape, i0 + 1, r + 1, c), at(chunk, shape, i0 + 1, r + 1, c + 1), wc);
                out[base + p] = lerp(lerp(v00, v01, wr), lerp(v10, v11, wr), fi);
            }
        }
    }

    private static double snap(double v) {
        double n = Math.rint(v);
        return Math.abs(v - n) < 1e-9 ? n : v;
    }

    private static int floor(double v) {
        return (int) Math.floor(snap(v));
    }

    /** {@code a} at weight 0, {@code b} at weight 1; exactly {@code a} at 0. */
    private static float lerp(float a, float b, float w) {
        return w == 0 ? a : a + (b - a) * w;
    }

    private static float at(float[] chunk, ChunkShape s, int i, int r, int c) {
        if (i < 0 || i >= s.depth() || r < 0 || r >= s.rows() || c < 0 || c >= s.cols()) {
            return AIR_HU;
        }
        return chunk[(i * s.rows() + r) * s.cols() + c];
    }
}
