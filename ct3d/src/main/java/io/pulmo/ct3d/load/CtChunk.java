package io.pulmo.ct3d.load;

/**
 * A box of Hounsfield units cut out of a CT around a centre: the book's {@code ct_chunk}, values clipped to
 * [{@value CtVolume#HU_MIN}, {@value CtVolume#HU_MAX}], flat in (index, row, col) order, col fastest.
 *
 * @param seriesUid the scan
 * @param shape     the chunk's size in voxels
 * @param centre    the voxel the chunk was asked for (the book's {@code center_irc})
 * @param start     the volume voxel at chunk position (0, 0, 0); components may be negative, or the chunk may
 *                  reach past the far side, only where the volume is smaller than the chunk along that axis
 *                  (see {@link CtVolume#chunk(IrcIndex, ChunkShape)})
 * @param hu        {@code shape.size()} clipped values; the array is the chunk's own, not a view of the volume
 */
public record CtChunk(String seriesUid, ChunkShape shape, IrcIndex centre, IrcIndex start, short[] hu) {

    public CtChunk {
        if (hu.length != shape.size()) {
            throw new IllegalArgumentException("chunk of shape " + shape + " needs " + shape.size()
                    + " values, got " + hu.length);
        }
    }

    /** The clipped value at chunk position (index, row, col). */
    public short hu(int index, int row, int col) {
        return hu[(index * shape.rows() + row) * shape.cols() + col];
    }

    /** The values as a new {@code float[]}, e.g. for a network input of shape (1, depth, rows, cols). */
    public float[] toFloatArray() {
        float[] out = new float[hu.length];
        for (int k = 0; k < hu.length; k++) {
            out[k] = hu[k];
        }
        return out;
    }

    /** Bytes held by the values. */
    public long bytes() {
        return 2L * hu.length;
    }
}
