package io.pulmo.ct3d.phantom;

import java.util.List;

/**
 * One synthetic nodule, in the scan's voxel-aligned millimetre frame (u, v, w) = (col · sx, row · sy,
 * index · sz): a core ellipsoid, optional lobes (spheres) and spicules (thin tubes). Its signed distance is the
 * minimum over the parts, so the shape is their union.
 *
 * @param u         centre, mm along the col axis
 * @param v         centre, mm along the row axis
 * @param w         centre, mm along the index axis
 * @param radius    core radius in mm; the annotated diameter is {@code 2 · radius}
 * @param axes      the core's relative semi-axes along (u, v, w), each near 1
 * @param lobes     spheres {@code {u, v, w, r}}
 * @param spicules  tubes {@code {u0, v0, w0, u1, v1, w1, r}}
 * @param hu        the nodule's Hounsfield units
 * @param malignant whether it is malignant
 * @param attached  whether it was placed against the lung wall (juxtapleural)
 */
record PhantomNodule(double u, double v, double w, double radius, double[] axes, List<double[]> lobes,
                     List<double[]> spicules, double hu, boolean malignant, boolean attached) {

    /** Signed distance in mm from (pu, pv, pw) to the surface: negative inside. */
    double signedDistance(double pu, double pv, double pw) {
        double du = pu - u, dv = pv - v, dw = pw - w;
        double eu = du / axes[0], ev = dv / axes[1], ew = dw / axes[2];
        double minAxis = Math.min(axes[0], Math.min(axes[1], axes[2]));
        double best = (Math.sqrt(eu * eu + ev * ev + ew * ew) - radius) * minAxis;
        for (double[] l : lobes) {
            double a = pu - l[0], b = pv - l[1], c = pw - l[2];
            best = Math.min(best, Math.sqrt(a * a + b * b + c * c) - l[3]);
        }
        for (double[] s : spicules) {
            best = Math.min(best, Tubes.distance(pu, pv, pw, s) - s[6]);
        }
        return best;
    }

    /** How far the nodule reaches from its centre along u, v and w, in mm. */
    double[] extent() {
        double[] e = {radius * axes[0], radius * axes[1], radius * axes[2]};
        double[] c = {u, v, w};
        for (double[] l : lobes) {
            for (int k = 0; k < 3; k++) {
                e[k] = Math.max(e[k], Math.abs(l[k] - c[k]) + l[3]);
            }
        }
        for (double[] s : spicules) {
            for (int k = 0; k < 3; k++) {
                e[k] = Math.max(e[k], Math.max(Math.abs(s[k] - c[k]), Math.abs(s[k + 3] - c[k])) + s[6]);
            }
        }
        return e;
    }
}
