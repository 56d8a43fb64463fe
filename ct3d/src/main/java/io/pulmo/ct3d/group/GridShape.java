package io.pulmo.ct3d.group;

/**
 * The shape of a volume stored as a flat array in (index, row, col) = (z, y, x) order, col fastest:
 * voxel {@code (i, r, c)} sits at {@code (i * rows + r) * cols + c}, as a C-ordered numpy array of
 * shape {@code (depth, rows, cols)}.
 *
 * @param depth number of slices (index axis), at least 1
 * @param rows  rows per slice, at least 1
 * @param cols  columns per row, at least 1
 */
public record GridShape(int depth, int rows, int cols) {

    public GridShape {
        if (depth < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("grid dimensions must be positive, got (index, row, col) = ("
                    + depth + ", " + rows + ", " + cols + ")");
        }
        long size = (long) depth * rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("grid of " + size + " voxels is larger than a Java array");
        }
    }

    /** Number of voxels. */
    public int size() {
        return depth * rows * cols;
    }

    /** Voxels per slice. */
    public int plane() {
        return rows * cols;
    }

    /** The flat offset of voxel {@code (index, row, col)}. */
    public int offset(int index, int row, int col) {
        return (index * rows + row) * cols + col;
    }

    /**
     * Checks that an array has one element per voxel.
     *
     * @param what   the array's name, for the message
     * @param length its length
     * @throws IllegalArgumentException when {@code length != size()}
     */
    public void requireLength(String what, int length) {
        if (length != size()) {
            throw new IllegalArgumentException(what + " has " + length + " voxels but the grid (index, row, col) = ("
                    + depth + ", " + rows + ", " + cols + ") has " + size());
        }
    }
}
