package io.pulmo.ct3d.phantom;

/** Small geometric helpers of the phantom: distances to segments and a soft inside/outside profile. */
final class Tubes {

    private Tubes() {
    }

    /** Distance in mm from point p to the segment {@code s = {u0, v0, w0, u1, v1, w1, ...}}. */
    static double distance(double pu, double pv, double pw, double[] s) {
        double au = s[3] - s[0], av = s[4] - s[1], aw = s[5] - s[2];
        double bu = pu - s[0], bv = pv - s[1], bw = pw - s[2];
        double len2 = au * au + av * av + aw * aw;
        double t = len2 > 0 ? (au * bu + av * bv + aw * bw) / len2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        double du = bu - t * au, dv = bv - t * av, dw = bw - t * aw;
        return Math.sqrt(du * du + dv * dv + dw * dw);
    }

    /**
     * How much a voxel whose centre lies {@code signed} mm from a surface (negative inside) belongs to the
     * object: 1 deep inside, 0 outside, a smoothstep across {@code 2 · width} mm — a cheap partial-volume edge,
     * arithmetic only, so the same on every platform.
     */
    static double inside(double signed, double width) {
        double t = 0.5 - signed / (2 * width);
        if (t <= 0) {
            return 0;
        }
        if (t >= 1) {
            return 1;
        }
        return t * t * (3 - 2 * t);
    }
}
