package io.pulmo.ct3d.group;

/**
 * A deliberately plain labeller for cross-checking: union–find over every pair of neighbouring foreground
 * voxels, then labels renumbered by first voxel in raster order (scipy's numbering).
 */
final class ReferenceLabels {

    private ReferenceLabels() {
    }

    static int[] label(boolean[] mask, GridShape g, Connectivity connectivity) {
        int n = mask.length;
        int[] parent = new int[n];
        for (int k = 0; k < n; k++) {
            parent[k] = k;
        }
        int reach = connectivity == Connectivity.SIX ? 1 : 3;
        for (int i = 0; i < g.depth(); i++) {
            for (int r = 0; r < g.rows(); r++) {
                for (int c = 0; c < g.cols(); c++) {
                    int p = g.offset(i, r, c);
                    if (!mask[p]) {
                        continue;
                    }
                    for (int di = -1; di <= 1; di++) {
                        for (int dr = -1; dr <= 1; dr++) {
                            for (int dc = -1; dc <= 1; dc++) {
                                int manhattan = Math.abs(di) + Math.abs(dr) + Math.abs(dc);
                                if (manhattan == 0 || manhattan > reach) {
                                    continue;
                                }
                                int ii = i + di;
                                int rr = r + dr;
                                int cc = c + dc;
                                if (ii < 0 || rr < 0 || cc < 0 || ii >= g.depth() || rr >= g.rows() || cc >= g.cols()) {
                                    continue;
                                }
                                int q = g.offset(ii, rr, cc);
                                if (mask[q]) {
                                    parent[find(parent, p)] = find(parent, q);
                                }
                            }
                        }
                    }
                }
            }
        }
        int[] labelOfRoot = new int[n];
        int[] labels = new int[n];
        int next = 0;
        for (int p = 0; p < n; p++) {
            if (mask[p]) {
                int root = find(parent, p);
                if (labelOfRoot[root] == 0) {
                    labelOfRoot[root] = ++next;
                }
                labels[p] = labelOfRoot[root];
            }
        }
        return labels;
    }

    private static int find(int[] parent, int p) {
        while (parent[p] != p) {
            parent[p] = parent[parent[p]];
            p = parent[p];
        }
        return p;
    }
}
