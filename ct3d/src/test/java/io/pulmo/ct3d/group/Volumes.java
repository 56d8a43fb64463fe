package io.pulmo.ct3d.group;

/** Hand-built volumes for the grouping tests. */
final class Volumes {

    private Volumes() {
    }

    /** Sets the box [i0, i1) × [r0, r1) × [c0, c1) of a flat mask. */
    static void box(boolean[] mask, GridShape g, int i0, int i1, int r0, int r1, int c0, int c1) {
        for (int i = i0; i < i1; i++) {
            for (int r = r0; r < r1; r++) {
                for (int c = c0; c < c1; c++) {
                    mask[g.offset(i, r, c)] = true;
                }
            }
        }
    }

    /** A heat map with {@code value} where the mask is set and 0 elsewhere. */
    static float[] heat(boolean[] mask, float value) {
        float[] heat = new float[mask.length];
        for (int k = 0; k < mask.length; k++) {
            heat[k] = mask[k] ? value : 0f;
        }
        return heat;
    }

    /** Number of set voxels. */
    static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /**
     * A deterministic pseudo-random value in [0, 1) per 2 × 2 × 2 block, reproducible in numpy with 32-bit
     * arithmetic: {@code x = (a·73856093 + b·19349663 + c·83492791) mod 2³²; x ^= x >> 13;
     * x = x·1274126177 mod 2³²; x ^= x >> 16; (x & 0xFFFF) / 65536} with {@code (a, b, c) = (i, r, c) // 2}.
     */
    static float[] blockNoise(GridShape g) {
        float[] heat = new float[g.size()];
        for (int i = 0; i < g.depth(); i++) {
            for (int r = 0; r < g.rows(); r++) {
                for (int c = 0; c < g.cols(); c++) {
                    int x = (i / 2) * 73856093 + (r / 2) * 19349663 + (c / 2) * 83492791;
                    x ^= x >>> 13;
                    x *= 1274126177;
                    x ^= x >>> 16;
                    heat[g.offset(i, r, c)] = (x & 0xFFFF) / 65536f;
                }
            }
        }
        return heat;
    }

    /** HU {@code ((31·i + 17·r + 7·c) mod 2600) − 1300}: spans [−1300, 1299], so clipping matters. */
    static short[] rampHu(GridShape g) {
        short[] hu = new short[g.size()];
        for (int i = 0; i < g.depth(); i++) {
            for (int r = 0; r < g.rows(); r++) {
                for (int c = 0; c < g.cols(); c++) {
                    hu[g.offset(i, r, c)] = (short) ((i * 31 + r * 17 + c * 7) % 2600 - 1300);
                }
            }
        }
        return hu;
    }
}
