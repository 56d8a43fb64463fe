package io.pulmo.ct3d.load;

/**
 * The size of a chunk cut out of a CT, in voxels along (index, row, col): the book's {@code width_irc}.
 *
 * @param depth slices (index axis), at least 1
 * @param rows  rows (row axis), at least 1
 * @param cols  columns (col axis), at least 1
 */
public record ChunkShape(int depth, int rows, int cols) {

    /** The book's nodule-classifier chunk: 32 slices of 48 × 48 voxels. */
    public static final ChunkShape LUNA = new ChunkShape(32, 48, 48);

    public ChunkShape {
        if (depth < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("chunk shape must be positive, got (index, row, col) = ("
                    + depth + ", " + rows + ", " + cols + ")");
        }
    }

    /** Number of voxels. */
    public int size() {
        return depth * rows * cols;
    }
}
