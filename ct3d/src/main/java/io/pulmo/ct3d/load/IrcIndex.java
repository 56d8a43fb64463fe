package io.pulmo.ct3d.load;

/**
 * A voxel of a CT array in (index, row, col) = (z, y, x) order, the book's {@code IrcTuple}: {@code index} is
 * the slice, {@code row} the row within the slice, {@code col} the column. The flat offset of the voxel in a
 * volume of {@code rows × cols} slices is {@code (index * rows + row) * cols + col}.
 *
 * @param index slice number (array axis 0, x-y plane number along z)
 * @param row   row within the slice (array axis 1, along y)
 * @param col   column within the row (array axis 2, along x)
 */
public record IrcIndex(int index, int row, int col) {
}
