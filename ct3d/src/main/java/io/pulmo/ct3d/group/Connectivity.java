package io.pulmo.ct3d.group;

/**
 * Which voxels are neighbours in 3-D: those sharing a face ({@link #SIX}, scipy's
 * {@code generate_binary_structure(3, 1)}, the default of {@code scipy.ndimage.label} and of
 * {@code binary_erosion}) or those sharing a face, an edge or a corner ({@link #TWENTY_SIX},
 * {@code generate_binary_structure(3, 3)}).
 */
public enum Connectivity {
    SIX(6),
    TWENTY_SIX(26);

    private final int neighbours;

    Connectivity(int neighbours) {
        this.neighbours = neighbours;
    }

    /** The number of neighbours of an inner voxel: 6 or 26. */
    public int neighbours() {
        return neighbours;
    }

    /**
     * The connectivity with {@code neighbours} neighbours.
     *
     * @throws IllegalArgumentException unless {@code neighbours} is 6 or 26
     */
    public static Connectivity of(int neighbours) {
        for (Connectivity c : values()) {
            if (c.neighbours == neighbours) {
                return c;
            }
        }
        throw new IllegalArgumentException("connectivity must be 6 or 26, got " + neighbours);
    }
}
