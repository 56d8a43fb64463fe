package io.pulmo.ct3d.phantom;

import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.Geometry;
import io.pulmo.ct3d.load.LunaCandidate;
import io.pulmo.ct3d.load.XyzMm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One synthetic chest CT of the LUNA phantom: geometry, anatomy, nodules and candidates, drawn from one random
 * stream. Anatomy lives in the voxel-aligned millimetre frame (u, v, w) = (col · sx, row · sy, index · sz); the
 * direction matrix only enters when positions are turned into patient coordinates, so a rotated scan has the
 * same pixels as an unrotated one and only its world coordinates differ.
 *
 * <p>Only +, −, ×, ÷ and square roots run per voxel (trigonometry only per object, through {@link StrictMath}),
 * so the output is the same on every JVM and CPU.
 */
final class ChestScan {

    static final byte AIR = 0;
    static final byte BODY = 1;
    static final byte LUNG = 2;
    static final byte AIRWAY = 3;
    static final byte VESSEL = 4;
    static final byte NODULE = 5;

    /** Hounsfield units of the tissues. */
    static final double HU_AIR = -1000;
    static final double HU_FAT = -100;
    static final double HU_SOFT = 40;
    static final double HU_LUNG = -860;
    static final double HU_BLOOD = 40;
    static final double HU_BONE = 450;
    static final double HU_CORTEX = 800;
    /** The padding value of scanners outside their circular field of view (some LUNA16 scans have it). */
    static final short HU_OUTSIDE_FOV = -2000;

    /** Chance that a nodule is malignant, and that it is placed against the lung wall. */
    static final double P_MALIGNANT = 0.35;
    static final double P_ATTACHED = 0.25;

    private static final double[] NORMALS = normals();

    final String uid;
    final int size;
    final int depth;
    final double sxy;
    final double sz;
    final Geometry geometry;
    final short[] hu;
    final byte[] label;
    final List<PhantomNodule> nodules = new ArrayList<>();
    final List<double[]> vessels = new ArrayList<>();
    final List<LunaCandidate> candidates = new ArrayList<>();

    private final SplittableRandom rng;
    private final double fov;
    private final double extent;
    private final double edge;
    // body, lungs, heart, spine
    private final double cu;
    private final double cv;
    private final double bodyA;
    private final double bodyB;
    private final double fat;
    private final double[] lungU = new double[2];
    private final double[] lungV = new double[2];
    private final double[] lungA = new double[2];
    private final double[] lungB = new double[2];
    private final double lungBottom;
    private final double lungTop;
    private final double heartU;
    private final double heartV;
    private final double heartR;
    private final double spineU;
    private final double spineV;
    private final double spineR;

    private ChestScan(String uid, int size, SplittableRandom rng) {
        this.uid = uid;
        this.size = size;
        this.rng = rng;
        double scale = Math.sqrt(512.0 / size);
        this.sxy = (float) (uniform(0.60, 0.80) * scale);
        this.depth = size / 4 + rng.nextInt(size / 8 + 1);
        this.fov = size * sxy;
        this.sz = (float) (uniform(0.75, 1.0) * fov / depth);
        this.extent = depth * sz;
        this.edge = 0.5 * sxy;

        XyzMm origin = new XyzMm(round3(-fov / 2 + uniform(-15, 15)), round3(-fov / 2 + uniform(-15, 15)),
                round3(uniform(-350, -50)));
        double[] direction = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        if (rng.nextDouble() < 0.25) {
            double deg = uniform(0.5, 3.0) * (rng.nextBoolean() ? 1 : -1);
            double c = StrictMath.cos(Math.toRadians(deg)), s = StrictMath.sin(Math.toRadians(deg));
            direction = new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
        }
        this.geometry = new Geometry(origin, new XyzMm(sxy, sxy, sz), direction);
        this.hu = new short[size * size * depth];
        this.label = new byte[hu.length];

        cu = fov * (0.5 + uniform(-0.02, 0.02));
        cv = fov * (0.5 + uniform(0.0, 0.03));
        bodyA = fov * uniform(0.40, 0.45);
        bodyB = fov * uniform(0.29, 0.33);
        fat = fov * uniform(0.025, 0.05);
        for (int s = 0; s < 2; s++) {
            double side = s == 0 ? -1 : 1;
            double offU = fov * uniform(0.17, 0.20);
            double offV = -fov * uniform(0.0, 0.02);
            lungU[s] = cu + side * offU;
            lungV[s] = cv + offV;
            lungA[s] = Math.min(fov * uniform(0.10, 0.13), bodyA - fat - offU - 0.015 * fov);
            lungB[s] = Math.min(fov * uniform(0.19, 0.22), bodyB - fat + offV - 0.015 * fov);
        }
        lungBottom = extent * uniform(0.02, 0.08);
        lungTop = extent * uniform(0.92, 0.98);
        heartU = cu + fov * uniform(0.04, 0.07);
        heartV = cv - fov * uniform(0.04, 0.07);
        heartR = fov * uniform(0.10, 0.12);
        spineR = fov * uniform(0.045, 0.055);
        spineU = cu;
        spineV = cv + bodyB - fat - spineR - fov * uniform(0.02, 0.04);
    }

    /** Draws and renders one scan with its nodules and candidates. */
    static ChestScan generate(String uid, int size, SplittableRandom rng) {
        ChestScan scan = new ChestScan(uid, size, rng);
        scan.renderBase();
        scan.renderRibs();
        scan.renderAirways();
        scan.growVessels();
        scan.renderVessels();
        scan.placeNodules();
        scan.renderNodules();
        scan.drawCandidates();
        scan.addNoise();
        return scan;
    }

    // ------------------------------------------------------------------ anatomy

    private int at(int i, int r, int c) {
        return (i * size + r) * size + c;
    }

    /** Relative lung cross-section at height w: a wide flat base, a rounded apex; 0 outside the lungs. */
    private double lungFactor(double w) {
        double t = (w - lungBottom) / (lungTop - lungBottom);
        if (t <= 0 || t >= 1) {
            return 0;
        }
        double mid = 0.35;
        if (t < mid) {
            double x = (mid - t) / mid;
            double x2 = x * x;
            return Math.sqrt(Math.sqrt(Math.max(0, 1 - x2 * x2)));
        }
        double x = (t - mid) / (1 - mid);
        return Math.sqrt(Math.max(0, 1 - x * x));
    }

    /** The heart's cross-section radius at height w (it sits on the diaphragm, in the lower half). */
    private double heartRadius(double w) {
        double centre = lungBottom + 0.3 * (lungTop - lungBottom);
        double half = 0.3 * (lungTop - lungBottom);
        double x = (w - centre) / half;
        return x >= 1 ? 0 : x <= 0 ? heartR : heartR * Math.sqrt(1 - x * x);
    }

    private void renderBase() {
        double innerA = bodyA - fat, innerB = bodyB - fat;
        double tableTop = cv + bodyB + 0.02 * fov, tableBottom = tableTop + 0.015 * fov;
        for (int i = 0; i < depth; i++) {
            double w = i * sz;
            double f = lungFactor(w);
            double hr = heartRadius(w);
            for (int r = 0; r < size; r++) {
                double v = r * sxy;
                double bv = (v - cv) / bodyB, iv = (v - cv) / innerB;
                for (int c = 0; c < size; c++) {
                    double u = c * sxy;
                    int k = at(i, r, c);
                    double bu = (u - cu) / bodyA;
                    if (bu * bu + bv * bv > 1) {
                        boolean table = v >= tableTop && v <= tableBottom && Math.abs(u - cu) < 0.4 * fov;
                        hu[k] = (short) (table ? 200 : HU_AIR);
                        label[k] = table ? BODY : AIR;
                        continue;
                    }
                    label[k] = BODY;
                    double iu = (u - cu) / innerA;
                    if (iu * iu + iv * iv > 1) {
                        hu[k] = (short) HU_FAT;
                        continue;
                    }
                    double su = u - spineU, sv = v - spineV;
                    double sd2 = su * su + sv * sv;
                    if (sd2 <= spineR * spineR) {
                        double inner = spineR - 0.012 * fov;
                        hu[k] = (short) (sd2 > inner * inner ? HU_CORTEX : HU_BONE);
                        continue;
                    }
                    hu[k] = (short) HU_SOFT;
                    if (f <= 0) {
                        continue;
                    }
                    double hu2 = (u - heartU) * (u - heartU) + (v - heartV) * (v - heartV);
                    if (hu2 < hr * hr) {
                        continue;
                    }
                    for (int s = 0; s < 2; s++) {
                        double lu = (u - lungU[s]) / (lungA[s] * f), lv = (v - lungV[s]) / (lungB[s] * f);
                        if (lu * lu + lv * lv <= 1) {
                            label[k] = LUNG;
                            // dependent (posterior) lung is denser
                            hu[k] = (short) Math.round(HU_LUNG + 45 * (v - lungV[s]) / lungB[s]);
                            break;
                        }
                    }
                }
            }
        }
    }

    private void renderRibs() {
        double innerA = bodyA - fat, innerB = bodyB - fat;
        double ra = innerA - 0.012 * fov, rb = innerB - 0.012 * fov;
        double radius = Math.max(0.009 * fov, 0.6 * sxy);
        int pairs = 10 + rng.nextInt(3);
        double drop = 0.08 * extent;
        for (int j = 0; j < pairs; j++) {
            double w0 = lungBottom + (lungTop - lungBottom) * (0.12 + 0.85 * (j + 0.5) / pairs);
            for (int s = 0; s < 2; s++) {
                double side = s == 0 ? -1 : 1;
                int pieces = 8;
                double prevU = 0, prevV = 0, prevW = 0;
                for (int p = 0; p <= pieces; p++) {
                    double phi = Math.PI * (0.12 + 0.68 * p / pieces);
                    double u = cu + side * ra * StrictMath.sin(phi);
                    double v = cv + rb * StrictMath.cos(phi);
                    double w = w0 - drop * p / pieces;
                    if (p > 0) {
                        paintTube(new double[] {prevU, prevV, prevW, u, v, w, radius}, HU_CORTEX - 200, BODY);
                    }
                    prevU = u;
                    prevV = v;
                    prevW = w;
                }
            }
        }
    }

    /** Raises voxels labelled {@code onlyOn} towards {@code value} inside the tube {@code seg}. */
    private void paintTube(double[] seg, double value, byte onlyOn) {
        double reach = seg[6] + 2 * edge;
        int c0 = clampIndex((Math.min(seg[0], seg[3]) - reach) / sxy, size);
        int c1 = clampIndex((Math.max(seg[0], seg[3]) + reach) / sxy, size);
        int r0 = clampIndex((Math.min(seg[1], seg[4]) - reach) / sxy, size);
        int r1 = clampIndex((Math.max(seg[1], seg[4]) + reach) / sxy, size);
        int i0 = clampIndex((Math.min(seg[2], seg[5]) - reach) / sz, depth);
        int i1 = clampIndex((Math.max(seg[2], seg[5]) + reach) / sz + 1, depth);
        for (int i = i0; i <= i1; i++) {
            for (int r = r0; r <= r1; r++) {
                for (int c = c0; c <= c1; c++) {
                    int k = at(i, r, c);
                    if (label[k] != onlyOn) {
                        continue;
                    }
                    double m = Tubes.inside(Tubes.distance(c * sxy, r * sxy, i * sz, seg) - seg[6], edge);
                    if (m > 0 && value > hu[k]) {
                        hu[k] = (short) Math.round(hu[k] + (value - hu[k]) * m);
                    }
                }
            }
        }
    }

    private int clampIndex(double x, int n) {
        int k = (int) Math.floor(x);
        return k < 0 ? 0 : Math.min(k, n - 1);
    }

    private double[] hilum(int s) {
        double side = s == 0 ? -1 : 1;
        double w = lungBottom + 0.55 * (lungTop - lungBottom);
        double f = lungFactor(w);
        return new double[] {lungU[s] - side * 0.55 * lungA[s] * f, lungV[s], w};
    }

    private double[] carina() {
        return new double[] {cu, cv - 0.04 * fov, lungBottom + 0.62 * (lungTop - lungBottom)};
    }

    private void renderAirways() {
        double[] carina = carina();
        double trachea = Math.max(0.025 * fov, sxy);
        double bronchus = Math.max(0.016 * fov, 0.8 * sxy);
        paintAirway(new double[] {cu, carina[1], extent + 10, carina[0], carina[1], carina[2], trachea});
        for (int s = 0; s < 2; s++) {
            double[] h = hilum(s);
            paintAirway(new double[] {carina[0], carina[1], carina[2], h[0], h[1], h[2], bronchus});
        }
    }

    /** Air inside the tube, a soft-tissue wall where it crosses lung. */
    private void paintAirway(double[] seg) {
        double wall = Math.max(1.5, 0.6 * sxy);
        double reach = seg[6] + wall + 2 * edge;
        int c0 = clampIndex((Math.min(seg[0], seg[3]) - reach) / sxy, size);
        int c1 = clampIndex((Math.max(seg[0], seg[3]) + reach) / sxy, size);
        int r0 = clampIndex((Math.min(seg[1], seg[4]) - reach) / sxy, size);
        int r1 = clampIndex((Math.max(seg[1], seg[4]) + reach) / sxy, size);
        int i0 = clampIndex((Math.min(seg[2], seg[5]) - reach) / sz, depth);
        int i1 = clampIndex((Math.max(seg[2], seg[5]) + reach) / sz, depth);
        for (int i = i0; i <= i1; i++) {
            for (int r = r0; r <= r1; r++) {
                for (int c = c0; c <= c1; c++) {
                    int k = at(i, r, c);
                    if (label[k] != BODY && label[k] != LUNG) {
                        continue;
                    }
                    double d = Tubes.distance(c * sxy, r * sxy, i * sz, seg);
                    double inner = Tubes.inside(d - seg[6], edge);
                    double outer = Tubes.inside(d - seg[6] - wall, edge);
                    double value = hu[k];
                    if (label[k] == LUNG) {
                        value += (HU_SOFT - value) * outer;
                    }
                    value += (HU_AIR - value) * inner;
                    if (inner == 0 && outer == 0) {
                        continue;
                    }
                    hu[k] = (short) Math.round(value);
                    if (inner > 0.5) {
                        label[k] = AIRWAY;
                    } else if (label[k] == LUNG && outer > 0.5) {
                        label[k] = BODY;
                    }
                }
            }
        }
    }

    private boolean inLung(double u, double v, double w) {
        int c = (int) Math.round(u / sxy), r = (int) Math.round(v / sxy), i = (int) Math.round(w / sz);
        if (c < 0 || c >= size || r < 0 || r >= size || i < 0 || i >= depth) {
            return false;
        }
        byte l = label[at(i, r, c)];
        return l == LUNG || l == VESSEL;
    }

    /** Branching vessel trees from each hilum: radius shrinks at each split, thinnest at the periphery. */
    private void growVessels() {
        double minRadius = Math.max(0.5 * sxy, 0.3);
        record Branch(double[] start, double[] dir, double radius, int level, double[] root) {
        }
        Deque<Branch> queue = new ArrayDeque<>();
        for (int s = 0; s < 2; s++) {
            double side = s == 0 ? -1 : 1;
            double[] h = hilum(s);
            double r0 = Math.max(0.022 * fov, 1.2 * sxy) * uniform(0.85, 1.1);
            double[][] dirs = {
                {side * 0.35, uniform(-0.2, 0.2), 1},
                {side * 0.5, uniform(-0.5, 0.0), 0.6},
                {side * 0.35, uniform(-0.2, 0.2), -1},
                {side * 0.5, uniform(0.0, 0.5), -0.6},
                {side, uniform(-0.5, 0.5), uniform(-0.2, 0.2)},
                {side * 0.5, uniform(0.4, 0.8), uniform(-0.4, 0.4)},
                {side * 0.5, uniform(-0.8, -0.4), uniform(-0.4, 0.4)},
            };
            for (double[] d : dirs) {
                queue.add(new Branch(h, normalise(d), r0 * uniform(0.7, 0.9), 0, h));
            }
        }
        int maxLevel = 10;
        while (!queue.isEmpty()) {
            Branch b = queue.poll();
            double length = b.radius() * uniform(4, 7) + sxy;
            double[] end = null;
            double[] dir = b.dir();
            for (int tries = 0; tries < 4 && end == null; tries++) {
                // shorter first, then once a new direction: a branch bends away from the lung's edge
                double[] d = tries < 3 ? dir : rotate(dir, perpendicular(dir), Math.toRadians(uniform(30, 70)));
                double len = tries < 3 ? length / (1 << tries) : length / 2;
                double[] e = {b.start()[0] + len * d[0], b.start()[1] + len * d[1], b.start()[2] + len * d[2]};
                double[] mid = {(b.start()[0] + e[0]) / 2, (b.start()[1] + e[1]) / 2, (b.start()[2] + e[2]) / 2};
                if (inLung(e[0], e[1], e[2]) && inLung(mid[0], mid[1], mid[2])) {
                    end = e;
                    dir = d;
                }
            }
            if (end == null) {
                continue;
            }
            vessels.add(new double[] {b.start()[0], b.start()[1], b.start()[2], end[0], end[1], end[2], b.radius()});
            if (b.level() >= maxLevel) {
                continue;
            }
            double angle = Math.toRadians(uniform(25, 50));
            double[] axis = perpendicular(dir);
            double[] radii = {b.radius() * uniform(0.72, 0.88), b.radius() * uniform(0.55, 0.78)};
            for (int child = 0; child < 2; child++) {
                if (radii[child] < minRadius) {
                    continue;
                }
                double a = child == 0 ? angle * uniform(0.3, 0.8) : -angle * uniform(0.8, 1.3);
                double[] d = rotate(dir, axis, a);
                // steer towards a random, more peripheral point of the same lung: the trees fill the lungs
                double[] target = peripheralTarget(end, b.root());
                if (target != null) {
                    double[] t = normalise(new double[] {target[0] - end[0], target[1] - end[1], target[2] - end[2]});
                    for (int k = 0; k < 3; k++) {
                        d[k] = 0.5 * d[k] + 0.5 * t[k];
                    }
                }
                queue.add(new Branch(end, normalise(d), radii[child], b.level() + 1, b.root()));
            }
        }
    }

    /** A random lung point on the same side as {@code root}, farther from it than {@code from}; null if none found. */
    private double[] peripheralTarget(double[] from, double[] root) {
        double du = from[0] - root[0], dv = from[1] - root[1], dw = from[2] - root[2];
        double reach2 = du * du + dv * dv + dw * dw;
        boolean right = root[0] > cu;
        for (int tries = 0; tries < 40; tries++) {
            int i = rng.nextInt(depth), r = rng.nextInt(size), c = rng.nextInt(size);
            if (label[at(i, r, c)] != LUNG || (c * sxy > cu) != right) {
                continue;
            }
            double u = c * sxy - root[0], v = r * sxy - root[1], w = i * sz - root[2];
            if (u * u + v * v + w * w > reach2) {
                return new double[] {c * sxy, r * sxy, i * sz};
            }
        }
        return null;
    }

    private void renderVessels() {
        for (double[] seg : vessels) {
            double reach = seg[6] + 2 * edge;
            int c0 = clampIndex((Math.min(seg[0], seg[3]) - reach) / sxy, size);
            int c1 = clampIndex((Math.max(seg[0], seg[3]) + reach) / sxy, size);
            int r0 = clampIndex((Math.min(seg[1], seg[4]) - reach) / sxy, size);
            int r1 = clampIndex((Math.max(seg[1], seg[4]) + reach) / sxy, size);
            int i0 = clampIndex((Math.min(seg[2], seg[5]) - reach) / sz - 0.5, depth);
            int i1 = clampIndex((Math.max(seg[2], seg[5]) + reach) / sz + 1.5, depth);
            double slab = 0.3 * sz; // a slice integrates over its thickness: thin vessels still show
            for (int i = i0; i <= i1; i++) {
                for (int r = r0; r <= r1; r++) {
                    for (int c = c0; c <= c1; c++) {
                        int k = at(i, r, c);
                        if (label[k] != LUNG && label[k] != VESSEL) {
                            continue;
                        }
                        double d = slabDistance(c * sxy, r * sxy, i * sz, seg, slab);
                        double m = Tubes.inside(d - seg[6], edge);
                        if (m <= 0) {
                            continue;
                        }
                        double value = hu[k] + (HU_BLOOD - hu[k]) * m;
                        if (value > hu[k]) {
                            hu[k] = (short) Math.round(value);
                        }
                        if (m > 0.5) {
                            label[k] = VESSEL;
                        }
                    }
                }
            }
        }
    }

    /** Distance to the segment where the voxel counts as the whole slab |w − pw| ≤ slab around its centre. */
    private static double slabDistance(double pu, double pv, double pw, double[] seg, double slab) {
        double best = Tubes.distance(pu, pv, pw, seg);
        if (slab > 0) {
            best = Math.min(best, Tubes.distance(pu, pv, pw - slab, seg));
            best = Math.min(best, Tubes.distance(pu, pv, pw + slab, seg));
        }
        return best;
    }

    // ------------------------------------------------------------------ nodules

    private static final double[][] PROBES = probes();

    private static double[][] probes() {
        List<double[]> out = new ArrayList<>();
        for (int a = -1; a <= 1; a++) {
            for (int b = -1; b <= 1; b++) {
                for (int c = -1; c <= 1; c++) {
                    if (a != 0 || b != 0 || c != 0) {
                        out.add(normalise(new double[] {a, b, c}));
                    }
                }
            }
        }
        return out.toArray(new double[0][]);
    }

    /** Number of probe directions at distance {@code dist} from (u, v, w) that do not lie in lung. */
    private int outsideLung(double u, double v, double w, double dist) {
        int n = 0;
        for (double[] p : PROBES) {
            if (!inLung(u + dist * p[0], v + dist * p[1], w + dist * p[2])) {
                n++;
            }
        }
        return n;
    }

    private void placeNodules() {
        int count = rng.nextDouble() < 0.1 ? 0 : 1 + rng.nextInt(3);
        // a nodule spans at least ~1.5 slices and a few pixels, so its centre voxel is nodule at any resolution
        double minDiameter = Math.max(3.0, Math.max(2.0 * sxy, 1.5 * sz));
        for (int n = 0; n < count; n++) {
            boolean malignant = rng.nextDouble() < P_MALIGNANT;
            boolean attached = rng.nextDouble() < P_ATTACHED;
            double diameter = malignant ? uniform(10, 30) : uniform(3, 14);
            diameter = Math.max(diameter, malignant ? minDiameter + 4 : minDiameter);
            double radius = diameter / 2;
            PhantomNodule placed = null;
            for (int attempt = 0; attempt < 400 && placed == null; attempt++) {
                boolean wantAttached = attached && attempt < 300;
                int i = rng.nextInt(depth), r = rng.nextInt(size), c = rng.nextInt(size);
                if (label[at(i, r, c)] != LUNG) {
                    continue;
                }
                double u = (c + uniform(-0.25, 0.25)) * sxy;
                double v = (r + uniform(-0.25, 0.25)) * sxy;
                double w = (i + uniform(-0.25, 0.25)) * sz;
                if (w - radius < 0 || w + radius > (depth - 1) * sz) {
                    continue;
                }
                if (tooClose(u, v, w, radius)) {
                    continue;
                }
                if (outsideLung(u, v, w, 0.6 * radius) > 0) {
                    continue;
                }
                int out = outsideLung(u, v, w, radius + Math.max(sxy, 2.0));
                if (wantAttached ? out < 3 : out > 0) {
                    continue;
                }
                placed = shape(u, v, w, radius, malignant, wantAttached);
            }
            if (placed != null) {
                nodules.add(placed);
            }
        }
    }

    private boolean tooClose(double u, double v, double w, double radius) {
        for (PhantomNodule o : nodules) {
            double du = u - o.u(), dv = v - o.v(), dw = w - o.w();
            if (Math.sqrt(du * du + dv * dv + dw * dw) < radius + o.radius() + 4) {
                return true;
            }
        }
        return false;
    }

    private PhantomNodule shape(double u, double v, double w, double radius, boolean malignant, boolean attached) {
        double spread = malignant ? 0.2 : 0.12;
        double[] axes = {uniform(1 - spread, 1 + spread), uniform(1 - spread, 1 + spread),
            uniform(1 - spread, 1 + spread)};
        List<double[]> lobes = new ArrayList<>();
        List<double[]> spicules = new ArrayList<>();
        int nLobes = malignant ? 3 + rng.nextInt(4) : (rng.nextDouble() < 0.3 ? 1 + rng.nextInt(2) : 0);
        for (int k = 0; k < nLobes; k++) {
            double[] d = randomUnit();
            double dist = radius * (malignant ? uniform(0.45, 0.75) : uniform(0.3, 0.5));
            double r = radius * (malignant ? uniform(0.35, 0.6) : uniform(0.4, 0.6));
            lobes.add(new double[] {u + dist * d[0], v + dist * d[1], w + dist * d[2], r});
        }
        if (malignant) {
            int nSpicules = 4 + rng.nextInt(7);
            for (int k = 0; k < nSpicules; k++) {
                double[] d = randomUnit();
                double from = 0.8 * radius, to = radius * uniform(1.3, 2.0);
                double r = Math.max(radius * uniform(0.05, 0.1), 0.35 * sxy);
                spicules.add(new double[] {u + from * d[0], v + from * d[1], w + from * d[2], u + to * d[0],
                    v + to * d[1], w + to * d[2], r});
            }
        }
        double value = uniform(-20, 50);
        return new PhantomNodule(u, v, w, radius, axes, List.copyOf(lobes), List.copyOf(spicules), value,
                malignant, attached);
    }

    private void renderNodules() {
        for (PhantomNodule n : nodules) {
            double[] e = n.extent();
            int c0 = clampIndex((n.u() - e[0] - 2 * edge) / sxy, size);
            int c1 = clampIndex((n.u() + e[0] + 2 * edge) / sxy, size);
            int r0 = clampIndex((n.v() - e[1] - 2 * edge) / sxy, size);
            int r1 = clampIndex((n.v() + e[1] + 2 * edge) / sxy, size);
            int i0 = clampIndex((n.w() - e[2] - 2 * edge) / sz, depth);
            int i1 = clampIndex((n.w() + e[2] + 2 * edge) / sz + 1, depth);
            for (int i = i0; i <= i1; i++) {
                for (int r = r0; r <= r1; r++) {
                    for (int c = c0; c <= c1; c++) {
                        int k = at(i, r, c);
                        if (label[k] == AIR || label[k] == AIRWAY) {
                            continue;
                        }
                        double m = Tubes.inside(n.signedDistance(c * sxy, r * sxy, i * sz), edge);
                        if (m <= 0) {
                            continue;
                        }
                        if (n.hu() > hu[k]) {
                            hu[k] = (short) Math.round(hu[k] + (n.hu() - hu[k]) * m);
                        }
                        if (m > 0.5) {
                            label[k] = NODULE;
                        }
                    }
                }
            }
        }
    }

    /** The nodule's centre in patient coordinates. */
    XyzMm centre(PhantomNodule n) {
        return geometry.toXyz(n.w() / sz, n.v() / sxy, n.u() / sxy);
    }

    /** The nodule's axis-aligned bounding box in patient coordinates: {low, high}. */
    XyzMm[] boundingBox(PhantomNodule n) {
        double[] e = n.extent();
        double[] ext = new double[3];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                ext[row] += Math.abs(geometry.direction(row, col)) * e[col];
            }
        }
        XyzMm c = centre(n);
        return new XyzMm[] {new XyzMm(c.x() - ext[0], c.y() - ext[1], c.z() - ext[2]),
            new XyzMm(c.x() + ext[0], c.y() + ext[1], c.z() + ext[2])};
    }

    // ------------------------------------------------------------------ candidates

    /**
     * LUNA16-like candidates: each nodule's centre and 0–2 near-duplicates (class 1), and many class-0
     * candidates on vessels, in lung, at the lung wall and in soft tissue, none within 1.5 radii + 2 mm of a
     * nodule centre; shuffled.
     */
    private void drawCandidates() {
        for (PhantomNodule n : nodules) {
            candidates.add(new LunaCandidate(uid, centre(n), true));
            int dups = rng.nextInt(3);
            for (int k = 0; k < dups; k++) {
                double[] d = randomUnit();
                double dist = uniform(0.05, 0.25) * n.radius();
                candidates.add(new LunaCandidate(uid, toXyzClamped(n.u() + dist * d[0], n.v() + dist * d[1],
                        n.w() + dist * d[2]), true));
            }
        }
        int negatives = size / 2 + rng.nextInt(size / 4 + 1);
        List<double[]> visible = new ArrayList<>();
        for (double[] s : vessels) {
            if (s[6] >= 0.6 * sxy) {
                visible.add(s);
            }
        }
        for (int k = 0; k < negatives; k++) {
            double kind = rng.nextDouble();
            double[] p = null;
            for (int attempt = 0; attempt < 100 && p == null; attempt++) {
                double[] q;
                if (kind < 0.5 && !visible.isEmpty()) {
                    double[] s = visible.get(rng.nextInt(visible.size()));
                    double t = rng.nextDouble();
                    q = new double[] {s[0] + t * (s[3] - s[0]), s[1] + t * (s[4] - s[1]), s[2] + t * (s[5] - s[2])};
                } else {
                    byte want = kind < 0.85 ? LUNG : BODY;
                    int i = rng.nextInt(depth), r = rng.nextInt(size), c = rng.nextInt(size);
                    if (label[at(i, r, c)] != want) {
                        continue;
                    }
                    if (kind >= 0.7 && kind < 0.85 && !nearWall(i, r, c)) {
                        continue;
                    }
                    q = new double[] {(c + uniform(-0.3, 0.3)) * sxy, (r + uniform(-0.3, 0.3)) * sxy,
                        (i + uniform(-0.3, 0.3)) * sz};
                }
                if (insideVolume(q) && farFromNodules(q)) {
                    p = q;
                }
            }
            if (p != null) {
                candidates.add(new LunaCandidate(uid, geometry.toXyz(p[2] / sz, p[1] / sxy, p[0] / sxy), false));
            }
        }
        // Fisher-Yates with the scan's stream: deterministic
        for (int k = candidates.size() - 1; k > 0; k--) {
            Collections.swap(candidates, k, rng.nextInt(k + 1));
        }
    }

    private boolean nearWall(int i, int r, int c) {
        int[][] steps = {{0, 2}, {0, -2}, {2, 0}, {-2, 0}};
        for (int[] s : steps) {
            int rr = r + s[0], cc = c + s[1];
            if (rr >= 0 && rr < size && cc >= 0 && cc < size && label[at(i, rr, cc)] == BODY) {
                return true;
            }
        }
        return false;
    }

    private boolean insideVolume(double[] q) {
        double c = q[0] / sxy, r = q[1] / sxy, i = q[2] / sz;
        return c >= 0 && c <= size - 1 && r >= 0 && r <= size - 1 && i >= 0 && i <= depth - 1;
    }

    private boolean farFromNodules(double[] q) {
        for (PhantomNodule n : nodules) {
            double du = q[0] - n.u(), dv = q[1] - n.v(), dw = q[2] - n.w();
            if (Math.sqrt(du * du + dv * dv + dw * dw) < 1.5 * n.radius() + 2) {
                return false;
            }
        }
        return true;
    }

    private XyzMm toXyzClamped(double u, double v, double w) {
        double c = Math.max(0, Math.min(size - 1, u / sxy));
        double r = Math.max(0, Math.min(size - 1, v / sxy));
        double i = Math.max(0, Math.min(depth - 1, w / sz));
        return geometry.toXyz(i, r, c);
    }

    // ------------------------------------------------------------------ noise

    /** Gaussian noise (σ drawn per scan), clipped to the 12-bit CT range; −2000 outside the FOV on some scans. */
    private void addNoise() {
        double sigma = uniform(12, 22);
        boolean fovPadding = rng.nextDouble() < 0.3;
        double centre = (size - 1) / 2.0, radius2 = (size / 2.0) * (size / 2.0);
        long bits = 0;
        int left = 0;
        for (int i = 0; i < depth; i++) {
            for (int r = 0; r < size; r++) {
                double dr = r - centre;
                for (int c = 0; c < size; c++) {
                    int k = at(i, r, c);
                    double dc = c - centre;
                    if (fovPadding && dr * dr + dc * dc > radius2) {
                        hu[k] = HU_OUTSIDE_FOV;
                        continue;
                    }
                    if (left == 0) {
                        bits = rng.nextLong();
                        left = 4;
                    }
                    double noise = NORMALS[(int) (bits & 0xFFFF)];
                    bits >>>= 16;
                    left--;
                    long value = Math.round(hu[k] + sigma * noise);
                    hu[k] = (short) Math.max(-1024, Math.min(3071, value));
                }
            }
        }
    }

    /** 65536 standard-normal draws (Irwin-Hall, 12 uniforms), fixed, arithmetic only. */
    private static double[] normals() {
        SplittableRandom table = new SplittableRandom(0x5EEDL);
        double[] out = new double[1 << 16];
        for (int k = 0; k < out.length; k++) {
            double s = 0;
            for (int j = 0; j < 12; j++) {
                s += table.nextDouble();
            }
            out[k] = s - 6;
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private double uniform(double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private double[] randomUnit() {
        while (true) {
            double[] d = {uniform(-1, 1), uniform(-1, 1), uniform(-1, 1)};
            double n2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            if (n2 > 1e-4 && n2 <= 1) {
                return normalise(d);
            }
        }
    }

    private double[] perpendicular(double[] d) {
        double[] q = randomUnit();
        double dot = q[0] * d[0] + q[1] * d[1] + q[2] * d[2];
        double[] p = {q[0] - dot * d[0], q[1] - dot * d[1], q[2] - dot * d[2]};
        double n2 = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
        return n2 < 1e-8 ? perpendicular(d) : normalise(p);
    }

    /** Rodrigues' rotation of unit {@code d} about unit {@code axis} ⟂ {@code d} by {@code angle}. */
    private static double[] rotate(double[] d, double[] axis, double angle) {
        double cos = StrictMath.cos(angle), sin = StrictMath.sin(angle);
        double[] cross = {axis[1] * d[2] - axis[2] * d[1], axis[2] * d[0] - axis[0] * d[2],
            axis[0] * d[1] - axis[1] * d[0]};
        return new double[] {d[0] * cos + cross[0] * sin, d[1] * cos + cross[1] * sin, d[2] * cos + cross[2] * sin};
    }

    private static double[] normalise(double[] d) {
        double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        return new double[] {d[0] / n, d[1] / n, d[2] / n};
    }

    private static double round3(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    /** The volume, sharing the array. */
    CtVolume volume() {
        return CtVolume.of(uid, depth, size, size, geometry, hu);
    }
}
