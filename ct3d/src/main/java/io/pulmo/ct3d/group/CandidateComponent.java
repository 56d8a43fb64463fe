package io.pulmo.ct3d.group;

/**
 * One connected component of a thresholded heat map: a candidate nodule in array coordinates.
 *
 * @param label  1-based label, in the order of the component's first voxel in raster order (as
 *               {@code scipy.ndimage.label} numbers them)
 * @param voxels number of voxels, at least 1
 * @param index  centre of mass along the index (z) axis, in voxels
 * @param row    centre of mass along the row (y) axis, in voxels
 * @param col    centre of mass along the col (x) axis, in voxels
 */
public record CandidateComponent(int label, long voxels, double index, double row, double col) {

    public CandidateComponent {
        if (label < 1) {
            throw new IllegalArgumentException("label must be >= 1, got " + label);
        }
        if (voxels < 1) {
            throw new IllegalArgumentException("a component has at least one voxel, got " + voxels);
        }
        if (!Double.isFinite(index) || !Double.isFinite(row) || !Double.isFinite(col)) {
            throw new IllegalArgumentException("component " + label + " has a non-finite centre ("
                    + index + ", " + row + ", " + col + ")");
        }
    }

    /** The centre as a new array {@code {index, row, col}}. */
    public double[] irc() {
        return new double[] {index, row, col};
    }
}
