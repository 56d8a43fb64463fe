package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * A MetaImage in memory, with its reader and writer: the voxels of one 2-D or 3-D grey-level image in a
 * primitive array, x (col) fastest, then y (row), then z (index) — the order of the file and of a C-ordered
 * numpy array of shape {@code (sizeZ, sizeY, sizeX)} — plus its {@link Geometry}.
 *
 * <p><b>Memory.</b> {@link #read(Path)} keeps the stored type: one array of the stored width
 * ({@code byte[]}, {@code short[]}, {@code int[]}, {@code float[]} or {@code double[]}, see {@link ElementType}),
 * filled from the file (or the zlib stream) in 1 MiB pieces, so reading needs the array plus about 1 MiB.
 * {@link #read(Path, ElementType)} converts piece by piece into the requested type without ever holding the
 * stored-type array: a {@code MET_FLOAT} file read as {@code MET_SHORT} needs only the {@code short[]}. A
 * 512 × 512 × 300 LUNA16 scan ({@code MET_SHORT}) takes 157 MB.
 *
 * <p><b>Files.</b> The file name decides the layout: {@code NAME.mha} holds header and voxels
 * ({@code ElementDataFile = LOCAL}); {@code NAME.mhd} names a data file next to it, {@code NAME.raw}, or
 * {@code NAME.zraw} when compressed — the names ITK gives. Headers are written in the field order of LUNA16's
 * files (ITK's): {@code ObjectType, NDims, BinaryData, BinaryDataByteOrderMSB, CompressedData,
 * [CompressedDataSize,] TransformMatrix, Offset, CenterOfRotation, AnatomicalOrientation, ElementSpacing,
 * DimSize, ElementType, ElementDataFile}; {@code TransformMatrix} holds the columns of {@code D} one after the
 * other, as ITK writes it (see {@link MetaImageHeader}), numbers in their shortest exact decimal form.
 * Compression is zlib at {@link Deflater#BEST_SPEED} (any zlib reader, ITK included, reads every level; level 1
 * writes a noisy CT about 5× faster than the default level 6 for a few per cent more bytes). The default byte
 * order is little-endian.
 *
 * <p><b>Errors.</b> A missing header or data file, a data file shorter or longer than {@code DimSize ×
 * element size} (after {@code HeaderSize}), corrupt or short compressed data, an unknown {@code ElementType}
 * and a bad {@code NDims} are {@link PulmoException}s whose one-line message names the file.
 */
public final class MetaImage {

    /** Bytes per read or write piece; a multiple of every element size. */
    static final int PIECE = 1 << 20;

    private final int nDims;
    private final int sizeX;
    private final int sizeY;
    private final int sizeZ;
    private final Geometry geometry;
    private final ElementType type;
    private final Object data;

    private MetaImage(int nDims, int sizeX, int sizeY, int sizeZ, Geometry geometry, ElementType type,
                      Object data) {
        this.nDims = nDims;
        this.sizeX = sizeX;
        this.sizeY = sizeY;
        this.sizeZ = sizeZ;
        this.geometry = geometry;
        this.type = type;
        this.data = data;
    }

    /**
     * An image over an existing array, not copied.
     *
     * @param type  the element type; {@code data} must be its array class ({@link ElementType})
     * @param nDims 2 or 3; a 2-D image has {@code sizeZ == 1} and a geometry whose {@code D} does not mix z
     *              with x or y
     * @param data  {@code sizeX × sizeY × sizeZ} elements, x fastest
     * @throws IllegalArgumentException on a mismatch of type, sizes or array
     */
    public static MetaImage of(ElementType type, int nDims, int sizeX, int sizeY, int sizeZ, Geometry geometry,
                               Object data) {
        if (type == null || geometry == null || data == null) {
            throw new IllegalArgumentException("type, geometry and data must not be null");
        }
        if (nDims != 2 && nDims != 3) {
            throw new IllegalArgumentException("nDims must be 2 or 3, got " + nDims);
        }
        if (sizeX < 1 || sizeY < 1 || sizeZ < 1 || (nDims == 2 && sizeZ != 1)) {
            throw new IllegalArgumentException("bad sizes (x, y, z) = (" + sizeX + ", " + sizeY + ", " + sizeZ
                    + ") for " + nDims + " dimensions");
        }
        if (data.getClass() != type.arrayClass()) {
            throw new IllegalArgumentException(type + " needs a " + type.arrayClass().getSimpleName() + ", got a "
                    + data.getClass().getSimpleName());
        }
        long n = (long) sizeX * sizeY * sizeZ;
        int length = java.lang.reflect.Array.getLength(data);
        if (length != n) {
            throw new IllegalArgumentException("data has " + length + " elements, sizes (" + sizeX + ", " + sizeY
                    + ", " + sizeZ + ") need " + n);
        }
        if (nDims == 2 && (geometry.direction(0, 2) != 0 || geometry.direction(1, 2) != 0
                || geometry.direction(2, 0) != 0 || geometry.direction(2, 1) != 0)) {
            throw new IllegalArgumentException("a 2-D image's direction must not mix z with x or y, got "
                    + geometry);
        }
        return new MetaImage(nDims, sizeX, sizeY, sizeZ, geometry, type, data);
    }

    /** A 3-D {@code MET_SHORT} image over {@code data} (not copied), x fastest. */
    public static MetaImage ofShorts(int sizeX, int sizeY, int sizeZ, Geometry geometry, short[] data) {
        return of(ElementType.MET_SHORT, 3, sizeX, sizeY, sizeZ, geometry, data);
    }

    /** A 3-D {@code MET_FLOAT} image over {@code data} (not copied), x fastest. */
    public static MetaImage ofFloats(int sizeX, int sizeY, int sizeZ, Geometry geometry, float[] data) {
        return of(ElementType.MET_FLOAT, 3, sizeX, sizeY, sizeZ, geometry, data);
    }

    public int nDims() {
        return nDims;
    }

    /** Columns. */
    public int sizeX() {
        return sizeX;
    }

    /** Rows. */
    public int sizeY() {
        return sizeY;
    }

    /** Slices (1 for a 2-D image). */
    public int sizeZ() {
        return sizeZ;
    }

    public Geometry geometry() {
        return geometry;
    }

    /** The type of the in-memory array (the stored type after {@link #read(Path)}). */
    public ElementType elementType() {
        return type;
    }

    public int voxelCount() {
        return sizeX * sizeY * sizeZ;
    }

    /** The backing array (not a copy): its class is {@link ElementType}'s for {@link #elementType()}. */
    public Object array() {
        return data;
    }

    /**
     * The backing {@code short[]} of a {@code MET_SHORT} image (not a copy).
     *
     * @throws IllegalStateException for any other type
     */
    public short[] shorts() {
        if (type != ElementType.MET_SHORT) {
            throw new IllegalStateException("image is " + type + ", not MET_SHORT");
        }
        return (short[]) data;
    }

    /**
     * The backing {@code float[]} of a {@code MET_FLOAT} image (not a copy).
     *
     * @throws IllegalStateException for any other type
     */
    public float[] floats() {
        if (type != ElementType.MET_FLOAT) {
            throw new IllegalStateException("image is " + type + ", not MET_FLOAT");
        }
        return (float[]) data;
    }

    /** The value of voxel {@code flat} (x fastest), unsigned types read as unsigned. */
    public double value(int flat) {
        return switch (type) {
            case MET_UCHAR -> ((byte[]) data)[flat] & 0xFF;
            case MET_CHAR -> ((byte[]) data)[flat];
            case MET_USHORT -> ((short[]) data)[flat] & 0xFFFF;
            case MET_SHORT -> ((short[]) data)[flat];
            case MET_INT -> ((int[]) data)[flat];
            case MET_FLOAT -> ((float[]) data)[flat];
            case MET_DOUBLE -> ((double[]) data)[flat];
        };
    }

    /** The value of voxel (z, y, x) = (index, row, col). */
    public double value(int z, int y, int x) {
        return value((z * sizeY + y) * sizeX + x);
    }

    /** A new {@code short[]} of the values, converted as {@link #read(Path, ElementType)} converts. */
    public short[] toShortArray() {
        return (short[]) convert(ElementType.MET_SHORT).data;
    }

    /** A new {@code float[]} of the values. */
    public float[] toFloatArray() {
        return (float[]) convert(ElementType.MET_FLOAT).data;
    }

    /**
     * This image with its values converted to {@code target} (a new array; this image when the type is already
     * {@code target}): integer targets round half away from zero and saturate at the type's range, NaN
     * becomes 0.
     */
    public MetaImage convert(ElementType target) {
        if (target == type) {
            return this;
        }
        Object out = target.newArray(voxelCount());
        double[] tmp = new double[Math.min(voxelCount(), PIECE / 2)];
        for (int start = 0; start < voxelCount(); start += tmp.length) {
            int count = Math.min(tmp.length, voxelCount() - start);
            for (int k = 0; k < count; k++) {
                tmp[k] = value(start + k);
            }
            store(tmp, count, target, out, start);
        }
        return new MetaImage(nDims, sizeX, sizeY, sizeZ, geometry, target, out);
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a {@code .mhd} or {@code .mha} in its stored type.
     *
     * @throws PulmoException naming the file on any problem with header or data
     */
    public static MetaImage read(Path header) {
        return read(header, null);
    }

    /**
     * Reads a {@code .mhd} or {@code .mha} straight into an array of {@code as} (null: the stored type),
     * converting each 1 MiB piece as it arrives: integer targets round half away from zero and saturate at the
     * type's range; NaN becomes 0.
     *
     * @throws PulmoException naming the file on any problem with header or data
     */
    public static MetaImage read(Path header, ElementType as) {
        MetaImageHeader.Parsed parsed = MetaImageHeader.parse(header);
        MetaImageHeader h = parsed.header();
        ElementType target = as == null ? h.elementType() : as;
        int n = (int) h.voxelCount();
        Object out = target.newArray(n);
        boolean same = target == h.elementType();
        double[] tmp = same ? null : new double[PIECE / h.elementType().bytes()];
        readPieces(header, parsed, (buf, first, count) -> {
            if (same) {
                copySame(buf, target, out, first, count);
            } else {
                decode(buf, h.elementType(), tmp, count);
                store(tmp, count, target, out, first);
            }
        });
        return new MetaImage(h.nDims(), h.sizeX(), h.sizeY(), h.sizeZ(), h.geometry(), target, out);
    }

    /** Receives the voxels of a file in order, a piece at a time. */
    @FunctionalInterface
    interface PieceSink {
        /**
         * @param buf   {@code count} elements in the file's byte order, position 0
         * @param first index of the first element of the piece in the image
         */
        void accept(ByteBuffer buf, int first, int count);
    }

    /** Streams the voxels of a parsed file to {@code sink} in pieces of at most {@value #PIECE} bytes. */
    static void readPieces(Path header, MetaImageHeader.Parsed parsed, PieceSink sink) {
        MetaImageHeader h = parsed.header();
        Path dataFile = h.isLocal() ? header : dataFile(header, h);
        long expected = h.dataBytes();
        String what = h.isLocal() ? header.toString() : "data file " + dataFile + " (of " + header + ")";
        String expectation = "DimSize " + h.dimSizeText() + " × " + h.elementType().bytes() + " bytes of "
                + h.elementType() + " = " + expected + " bytes";
        try {
            long fileSize = Files.size(dataFile);
            long start;
            if (h.isLocal()) {
                start = parsed.localDataOffset();
            } else if (h.headerSize() == -1) {
                if (h.compressed()) {
                    throw new PulmoException(header + ": HeaderSize = -1 with compressed data is not supported");
                }
                start = Math.max(0, fileSize - expected);
            } else {
                start = h.headerSize();
            }
            long available = Math.max(0, fileSize - start);
            long stored = h.compressed() ? h.compressedDataSize() : expected;
            if (stored >= 0 && available < stored) {
                throw new PulmoException(what + " is short: " + available + " bytes of "
                        + (h.compressed() ? "compressed data, CompressedDataSize says " + stored
                        : "voxel data, header expects " + expectation));
            }
            if (stored >= 0 && available > stored) {
                throw new PulmoException(what + " does not match its header: " + available + " bytes of "
                        + (h.compressed() ? "compressed data, CompressedDataSize says " + stored
                        : "voxel data, header expects " + expectation));
            }
            try (InputStream raw = Files.newInputStream(dataFile)) {
                raw.skipNBytes(start);
                InputStream in = h.compressed()
                        ? new InflaterInputStream(new BufferedInputStream(raw, 1 << 16), new Inflater(), 1 << 16)
                        : raw;
                byte[] bytes = new byte[(int) Math.min(PIECE, Math.max(expected, 8))];
                ByteBuffer buf = ByteBuffer.wrap(bytes).order(h.byteOrder());
                int size = h.elementType().bytes();
                long done = 0;
                while (done < expected) {
                    int want = (int) Math.min(bytes.length, expected - done);
                    int got = in.readNBytes(bytes, 0, want);
                    if (got < want) {
                        throw new PulmoException(what + " is short: " + (done + got) + " bytes of "
                                + (h.compressed() ? "decompressed " : "") + "voxel data, header expects "
                                + expectation);
                    }
                    buf.clear();
                    buf.limit(got);
                    sink.accept(buf, (int) (done / size), got / size);
                    done += got;
                }
                if (h.compressed() && in.read() != -1) {
                    throw new PulmoException(what + " does not match its header: the compressed data holds more "
                            + "than " + expectation);
                }
            }
        } catch (ZipException e) {
            throw new PulmoException(what + " has corrupt compressed data: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new PulmoException(what + " is short: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PulmoException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /** The data file a non-LOCAL header names, resolved against the header's directory. */
    static Path dataFile(Path header, MetaImageHeader h) {
        Path named = Path.of(h.elementDataFile());
        Path dir = header.toAbsolutePath().getParent();
        Path file = named.isAbsolute() || dir == null ? named : dir.resolve(named);
        if (!Files.isRegularFile(file)) {
            throw new PulmoException("data file " + file + " named by " + header + " (ElementDataFile = "
                    + h.elementDataFile() + ") does not exist");
        }
        return file;
    }

    private static void copySame(ByteBuffer buf, ElementType type, Object out, int first, int count) {
        switch (type) {
            case MET_UCHAR, MET_CHAR -> buf.get((byte[]) out, first, count);
            case MET_USHORT, MET_SHORT -> buf.asShortBuffer().get((short[]) out, first, count);
            case MET_INT -> buf.asIntBuffer().get((int[]) out, first, count);
            case MET_FLOAT -> buf.asFloatBuffer().get((float[]) out, first, count);
            case MET_DOUBLE -> buf.asDoubleBuffer().get((double[]) out, first, count);
        }
    }

    /** Decodes {@code count} elements of {@code type} from {@code buf} into {@code out} as values. */
    static void decode(ByteBuffer buf, ElementType type, double[] out, int count) {
        switch (type) {
            case MET_UCHAR -> {
                for (int k = 0; k < count; k++) {
                    out[k] = buf.get(k) & 0xFF;
                }
            }
            case MET_CHAR -> {
                for (int k = 0; k < count; k++) {
                    out[k] = buf.get(k);
                }
            }
            case MET_USHORT -> {
                for (int k = 0; k < count; k++) {
                    out[k] = buf.getShort(2 * k) & 0xFFFF;
                }
            }
            case MET_SHORT -> {
                for (int k = 0; k < count; k++) {
                    out[k] = buf.getShort(2 * k);
                }
            }
            case MET_INT -> {
                for (int k = 0; k < count; k++) {
                    out[k] = buf.getInt(4 * k);
                }
            }
            case MET_FLOAT -> {
                for (int k = 0; k < count; k++) {
                    out[k] = buf.getFloat(4 * k);
                }
            }
            case MET_DOUBLE -> {
                for (int k = 0; k < count; k++) {
                    out[k] = buf.getDouble(8 * k);
                }
            }
        }
    }

    /** Stores {@code count} values into {@code out} from element {@code first}, rounding and saturating. */
    private static void store(double[] values, int count, ElementType target, Object out, int first) {
        switch (target) {
            case MET_UCHAR, MET_CHAR -> {
                byte[] a = (byte[]) out;
                for (int k = 0; k < count; k++) {
                    a[first + k] = (byte) integral(values[k], target);
                }
            }
            case MET_USHORT, MET_SHORT -> {
                short[] a = (short[]) out;
                for (int k = 0; k < count; k++) {
                    a[first + k] = (short) integral(values[k], target);
                }
            }
            case MET_INT -> {
                int[] a = (int[]) out;
                for (int k = 0; k < count; k++) {
                    a[first + k] = (int) integral(values[k], target);
                }
            }
            case MET_FLOAT -> {
                float[] a = (float[]) out;
                for (int k = 0; k < count; k++) {
                    a[first + k] = (float) values[k];
                }
            }
            case MET_DOUBLE -> System.arraycopy(values, 0, (double[]) out, first, count);
        }
    }

    private static long integral(double v, ElementType target) {
        if (Double.isNaN(v)) {
            return 0;
        }
        double r = Math.signum(v) * Math.floor(Math.abs(v) + 0.5);
        return (long) Math.max(target.min(), Math.min(target.max(), r));
    }

    // ------------------------------------------------------------------ writing

    /** How to write a file: zlib compression, big-endian voxels. */
    public record WriteOptions(boolean compressed, boolean msb) {
        /** Uncompressed, little-endian: LUNA16's files. */
        public static final WriteOptions LUNA = new WriteOptions(false, false);
    }

    /** Writes this image uncompressed and little-endian to {@code header} ({@code .mhd} or {@code .mha}). */
    public void write(Path header) {
        write(header, WriteOptions.LUNA);
    }

    /**
     * Writes this image to {@code header}: {@code NAME.mha} as one file, {@code NAME.mhd} with
     * {@code NAME.raw} ({@code NAME.zraw} when compressed) beside it. Existing files are replaced.
     *
     * @throws IllegalArgumentException when the name ends in neither {@code .mhd} nor {@code .mha}
     * @throws PulmoException naming the file when writing fails
     */
    public void write(Path header, WriteOptions options) {
        String name = header.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        boolean local = lower.endsWith(".mha");
        if (!local && !lower.endsWith(".mhd")) {
            throw new IllegalArgumentException("a MetaImage file name ends in .mhd or .mha, got " + header);
        }
        String stem = name.substring(0, name.length() - 4);
        ByteOrder order = options.msb() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        try {
            Path parent = header.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!local) {
                Path data = header.resolveSibling(stem + (options.compressed() ? ".zraw" : ".raw"));
                long size = writeData(data, order, options.compressed());
                Files.writeString(header, headerText(options, order, size, data.getFileName().toString()),
                        StandardCharsets.ISO_8859_1);
            } else if (!options.compressed()) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(header), 1 << 16)) {
                    out.write(headerText(options, order, -1, MetaImageHeader.LOCAL)
                            .getBytes(StandardCharsets.ISO_8859_1));
                    writeVoxels(out, order);
                }
            } else {
                // CompressedDataSize precedes the data: compress to a temporary file first, memory stays small
                Path tmp = Files.createTempFile(parent, "." + stem, ".zdata");
                try {
                    long size = writeData(tmp, order, true);
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(header), 1 << 16)) {
                        out.write(headerText(options, order, size, MetaImageHeader.LOCAL)
                                .getBytes(StandardCharsets.ISO_8859_1));
                        Files.copy(tmp, out);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new PulmoException("cannot write MetaImage " + header + ": " + e.getMessage(), e);
        }
    }

    /** Writes the voxels to {@code file} (zlib-compressed or raw) and returns the file's size. */
    private long writeData(Path file, ByteOrder order, boolean compressed) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".partial");
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                if (compressed) {
                    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
                    try (DeflaterOutputStream z = new DeflaterOutputStream(os, deflater, 1 << 16)) {
                        writeVoxels(z, order);
                    } finally {
                        deflater.end();
                    }
                } else {
                    writeVoxels(os, order);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Files.size(file);
    }

    private void writeVoxels(OutputStream out, ByteOrder order) throws IOException {
        int size = type.bytes();
        int perPiece = PIECE / size;
        byte[] bytes = new byte[Math.min(PIECE, voxelCount() * size)];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
        for (int first = 0; first < voxelCount(); first += perPiece) {
            int count = Math.min(perPiece, voxelCount() - first);
            buf.clear();
            switch (type) {
                case MET_UCHAR, MET_CHAR -> buf.put((byte[]) data, first, count);
                case MET_USHORT, MET_SHORT -> buf.asShortBuffer().put((short[]) data, first, count);
                case MET_INT -> buf.asIntBuffer().put((int[]) data, first, count);
                case MET_FLOAT -> buf.asFloatBuffer().put((float[]) data, first, count);
                case MET_DOUBLE -> buf.asDoubleBuffer().put((double[]) data, first, count);
            }
            out.write(bytes, 0, count * size);
        }
    }

    private String headerText(WriteOptions options, ByteOrder order, long compressedSize, String dataFile) {
        StringBuilder h = new StringBuilder(512);
        h.append("ObjectType = Image\n");
        h.append("NDims = ").append(nDims).append('\n');
        h.append("BinaryData = True\n");
        h.append("BinaryDataByteOrderMSB = ").append(order == ByteOrder.BIG_ENDIAN ? "True" : "False").append('\n');
        h.append("CompressedData = ").append(options.compressed() ? "True" : "False").append('\n');
        if (options.compressed()) {
            h.append("CompressedDataSize = ").append(compressedSize).append('\n');
        }
        StringBuilder transform = new StringBuilder();
        StringBuilder orientation = new StringBuilder();
        for (int axis = 0; axis < nDims; axis++) {
            int dominant = 0;
            for (int comp = 0; comp < nDims; comp++) {
                double v = geometry.direction(comp, axis);
                transform.append(transform.length() == 0 ? "" : " ").append(number(v));
                if (Math.abs(v) > Math.abs(geometry.direction(dominant, axis))) {
                    dominant = comp;
                }
            }
            boolean positive = geometry.direction(dominant, axis) > 0;
            orientation.append(switch (dominant) {
                case 0 -> positive ? 'R' : 'L';
                case 1 -> positive ? 'A' : 'P';
                default -> positive ? 'I' : 'S';
            });
        }
        XyzMm o = geometry.origin();
        XyzMm s = geometry.spacing();
        h.append("TransformMatrix = ").append(transform).append('\n');
        h.append("Offset = ").append(triple(o.x(), o.y(), o.z())).append('\n');
        h.append("CenterOfRotation = ").append(nDims == 3 ? "0 0 0" : "0 0").append('\n');
        h.append("AnatomicalOrientation = ").append(orientation).append('\n');
        h.append("ElementSpacing = ").append(triple(s.x(), s.y(), s.z())).append('\n');
        h.append("DimSize = ").append(nDims == 3 ? sizeX + " " + sizeY + " " + sizeZ : sizeX + " " + sizeY)
                .append('\n');
        h.append("ElementType = ").append(type.name()).append('\n');
        h.append("ElementDataFile = ").append(dataFile).append('\n');
        return h.toString();
    }

    private String triple(double x, double y, double z) {
        return nDims == 3 ? number(x) + " " + number(y) + " " + number(z) : number(x) + " " + number(y);
    }

    /** The shortest decimal that reads back as {@code v}, without an exponent: 0.7, -198.100006, 1. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return "MetaImage[" + type + " " + sizeX + "×" + sizeY + (nDims == 3 ? "×" + sizeZ : "") + ", " + geometry
                + "]";
    }
}
