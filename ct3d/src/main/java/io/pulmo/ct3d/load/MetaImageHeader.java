package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The header of a MetaImage ({@code .mhd} with a separate data file, or {@code .mha} with
 * {@code ElementDataFile = LOCAL}), as ITK's MetaIO reads it.
 *
 * <p>Fields read (names case-insensitive; the first of several aliases present wins):
 * <ul>
 *   <li>{@code NDims}: 2 or 3 (required);</li>
 *   <li>{@code DimSize}: {@code NDims} positive sizes, x first (required);</li>
 *   <li>{@code ElementType}: one of {@link ElementType} (required);</li>
 *   <li>{@code ElementDataFile}: {@code LOCAL} or a file name relative to the header's directory; it must be the
 *       last field, as in MetaIO — the voxels of a {@code LOCAL} image start right after its line (required);</li>
 *   <li>{@code ElementSpacing}, else {@code ElementSize}: {@code NDims} positive numbers, default 1;</li>
 *   <li>{@code Offset}, {@code Origin} or {@code Position}: {@code NDims} numbers, default 0;</li>
 *   <li>{@code TransformMatrix}, {@code Rotation} or {@code Orientation}: {@code NDims²} numbers, default the
 *       identity. As in ITK's {@code MetaImageIO}, the numbers come in groups of {@code NDims}, group {@code k}
 *       being the direction of array axis {@code k}: the first three of a 3-D header are the <em>first
 *       column</em> of the direction matrix {@code D}, so {@link Geometry#direction()} (row-major, SimpleITK's
 *       {@code GetDirection()}) is the transpose of the numbers read row by row;</li>
 *   <li>{@code BinaryDataByteOrderMSB}, else {@code ElementByteOrderMSB}: {@code True}/{@code False}, default
 *       {@code False} (little-endian, LUNA16's);</li>
 *   <li>{@code CompressedData} (zlib), {@code CompressedDataSize} (optional: bytes of compressed data);</li>
 *   <li>{@code HeaderSize}: bytes to skip at the start of a separate data file; {@code -1}: the voxels are the
 *       last bytes of the file;</li>
 *   <li>{@code BinaryData = False} (ASCII voxels), {@code ElementNumberOfChannels} other than 1, a
 *       {@code LIST} or {@code %d}-pattern data file and {@code ObjectType} other than {@code Image} are
 *       rejected. Other fields ({@code CenterOfRotation}, {@code AnatomicalOrientation}, …) are ignored.</li>
 * </ul>
 * A 2-D header gets a 3-D {@link Geometry} as ITK pads it: z spacing 1, z origin 0, {@code D} extended by the
 * identity.
 *
 * @param nDims              2 or 3
 * @param sizeX              columns ({@code DimSize[0]})
 * @param sizeY              rows ({@code DimSize[1]})
 * @param sizeZ              slices ({@code DimSize[2]}; 1 for a 2-D image)
 * @param geometry           origin, spacing and direction
 * @param elementType        the stored type
 * @param msb                whether the voxels are big-endian
 * @param compressed         whether the voxels are a zlib stream
 * @param compressedDataSize bytes of compressed data, or -1 when the header does not say
 * @param elementDataFile    {@code LOCAL} or the data file's name as written
 * @param headerSize         bytes to skip at the start of a separate data file; -1: the data is at its end
 */
public record MetaImageHeader(int nDims, int sizeX, int sizeY, int sizeZ, Geometry geometry,
                              ElementType elementType, boolean msb, boolean compressed, long compressedDataSize,
                              String elementDataFile, long headerSize) {

    /** The {@code ElementDataFile} value of a single-file {@code .mha}. */
    public static final String LOCAL = "LOCAL";

    private static final int MAX_LINE = 1 << 16;
    private static final int MAX_LINES = 4096;

    public MetaImageHeader {
        if (nDims != 2 && nDims != 3) {
            throw new IllegalArgumentException("NDims must be 2 or 3, got " + nDims);
        }
        if (sizeX < 1 || sizeY < 1 || sizeZ < 1 || (nDims == 2 && sizeZ != 1)) {
            throw new IllegalArgumentException("bad DimSize " + sizeX + " " + sizeY + " " + sizeZ + " for NDims "
                    + nDims);
        }
        if (geometry == null || elementType == null || elementDataFile == null) {
            throw new IllegalArgumentException("geometry, elementType and elementDataFile must not be null");
        }
    }

    /** Number of voxels. */
    public long voxelCount() {
        return (long) sizeX * sizeY * sizeZ;
    }

    /** Bytes of (uncompressed) voxel data. */
    public long dataBytes() {
        return voxelCount() * elementType.bytes();
    }

    /** Whether the voxels follow the header in the same file ({@code ElementDataFile = LOCAL}). */
    public boolean isLocal() {
        return LOCAL.equalsIgnoreCase(elementDataFile);
    }

    /** The byte order of the stored voxels. */
    public ByteOrder byteOrder() {
        return msb ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** {@code DimSize} as written, for messages: "512 512 300". */
    String dimSizeText() {
        return nDims == 2 ? sizeX + " " + sizeY : sizeX + " " + sizeY + " " + sizeZ;
    }

    /**
     * Reads the header of {@code file}.
     *
     * @throws PulmoException naming the file when it is missing, unreadable or not a valid header
     */
    public static MetaImageHeader read(Path file) {
        return parse(file).header();
    }

    /** A parsed header and, for a {@code LOCAL} image, the byte offset of its voxels in the header file. */
    record Parsed(MetaImageHeader header, long localDataOffset) {
    }

    static Parsed parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PulmoException("MetaImage header " + file + " does not exist");
        }
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        long offset = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 14)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            for (int lineNo = 1; ; lineNo++) {
                if (lineNo > MAX_LINES) {
                    throw new PulmoException(file + ": not a MetaImage header (no ElementDataFile in the first "
                            + MAX_LINES + " lines)");
                }
                line.reset();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                    if (line.size() > MAX_LINE) {
                        throw new PulmoException(file + ":" + lineNo + ": not a MetaImage header (line longer than "
                                + MAX_LINE + " bytes)");
                    }
                }
                offset += line.size() + (b == '\n' ? 1 : 0);
                String text = line.toString(StandardCharsets.ISO_8859_1).strip();
                if (text.isEmpty()) {
                    if (b == -1) {
                        throw new PulmoException(file + ": not a MetaImage header (no ElementDataFile field)");
                    }
                    continue;
                }
                int eq = text.indexOf('=');
                if (eq <= 0) {
                    throw new PulmoException(file + ":" + lineNo + ": not a MetaImage header line (expected "
                            + "'Key = Value', got '" + shorten(text) + "')");
                }
                String key = text.substring(0, eq).strip();
                fields.putIfAbsent(key, text.substring(eq + 1).strip());
                if (key.equalsIgnoreCase("ElementDataFile")) {
                    break;
                }
                if (b == -1) {
                    throw new PulmoException(file + ": not a MetaImage header (no ElementDataFile field)");
                }
            }
        } catch (IOException e) {
            throw new PulmoException("cannot read MetaImage header " + file + ": " + e.getMessage(), e);
        }
        return new Parsed(fromFields(fields, file), offset);
    }

    private static MetaImageHeader fromFields(Map<String, String> f, Path file) {
        String objectType = f.get("ObjectType");
        if (objectType != null && !objectType.equalsIgnoreCase("Image")) {
            throw new PulmoException(file + ": ObjectType '" + objectType + "' is not supported, expected Image");
        }
        String nDimsText = require(f, "NDims", file);
        int nDims;
        try {
            nDims = Integer.parseInt(nDimsText);
        } catch (NumberFormatException e) {
            throw new PulmoException(file + ": NDims '" + nDimsText + "' is not an integer");
        }
        if (nDims != 2 && nDims != 3) {
            throw new PulmoException(file + ": NDims " + nDims + " is not supported, expected 2 or 3");
        }
        double[] dims = numbers(f, file, nDims, null, "DimSize");
        int[] size = new int[3];
        long voxels = 1;
        for (int k = 0; k < 3; k++) {
            double v = k < nDims ? dims[k] : 1;
            if (v < 1 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                throw new PulmoException(file + ": DimSize '" + f.get("DimSize") + "' must be " + nDims
                        + " positive integers");
            }
            size[k] = (int) v;
            voxels *= size[k];
        }
        if (voxels > Integer.MAX_VALUE - 8) {
            throw new PulmoException(file + ": DimSize '" + f.get("DimSize") + "' has " + voxels
                    + " voxels, more than a Java array holds");
        }
        ElementType type = ElementType.parse(require(f, "ElementType", file), file);

        double[] spacing = numbers(f, file, nDims, 1.0, "ElementSpacing", "ElementSize");
        for (int k = 0; k < nDims; k++) {
            if (!(spacing[k] > 0)) {
                throw new PulmoException(file + ": spacing must be positive, got '"
                        + first(f, "ElementSpacing", "ElementSize") + "'");
            }
        }
        double[] origin = numbers(f, file, nDims, 0.0, "Offset", "Origin", "Position");
        double[] transform = numbers(f, file, nDims * nDims, null, "TransformMatrix", "Rotation", "Orientation");
        double[] d = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        if (transform != null) {
            // group k of the header = the direction of array axis k = column k of D
            for (int axis = 0; axis < nDims; axis++) {
                for (int comp = 0; comp < nDims; comp++) {
                    d[comp * 3 + axis] = transform[axis * nDims + comp];
                }
            }
        }
        Geometry geometry;
        try {
            geometry = new Geometry(
                    new XyzMm(origin[0], origin[1], nDims == 3 ? origin[2] : 0),
                    new XyzMm(spacing[0], spacing[1], nDims == 3 ? spacing[2] : 1), d);
        } catch (IllegalArgumentException e) {
            throw new PulmoException(file + ": " + e.getMessage(), e);
        }

        if (f.containsKey("BinaryData") && !bool(f, "BinaryData", file)) {
            throw new PulmoException(file + ": BinaryData = False (ASCII voxels) is not supported");
        }
        String channels = f.get("ElementNumberOfChannels");
        if (channels != null && !channels.equals("1")) {
            throw new PulmoException(file + ": ElementNumberOfChannels " + channels + " is not supported, expected 1");
        }
        boolean msb = false;
        if (f.containsKey("BinaryDataByteOrderMSB")) {
            msb = bool(f, "BinaryDataByteOrderMSB", file);
        } else if (f.containsKey("ElementByteOrderMSB")) {
            msb = bool(f, "ElementByteOrderMSB", file);
        }
        boolean compressed = f.containsKey("CompressedData") && bool(f, "CompressedData", file);
        long compressedSize = -1;
        if (compressed && f.containsKey("CompressedDataSize")) {
            compressedSize = integer(f, "CompressedDataSize", file);
            if (compressedSize < 0) {
                throw new PulmoException(file + ": CompressedDataSize must not be negative, got " + compressedSize);
            }
        }
        long headerSize = f.containsKey("HeaderSize") ? integer(f, "HeaderSize", file) : 0;
        if (headerSize < -1) {
            throw new PulmoException(file + ": HeaderSize must be -1 or more, got " + headerSize);
        }
        String dataFile = f.get("ElementDataFile");
        if (dataFile.isEmpty() || dataFile.equalsIgnoreCase("LIST") || dataFile.contains("%")) {
            throw new PulmoException(file + ": ElementDataFile '" + dataFile + "' is not supported; expected LOCAL "
                    + "or the name of one data file");
        }
        return new MetaImageHeader(nDims, size[0], size[1], size[2], geometry, type, msb, compressed,
                compressedSize, dataFile, headerSize);
    }

    private static String require(Map<String, String> f, String key, Path file) {
        String v = f.get(key);
        if (v == null || v.isEmpty()) {
            throw new PulmoException(file + ": missing header field " + key);
        }
        return v;
    }

    private static String first(Map<String, String> f, String... keys) {
        for (String k : keys) {
            if (f.containsKey(k)) {
                return f.get(k);
            }
        }
        return null;
    }

    /**
     * The numbers of the first of {@code keys} present, exactly {@code n} of them; when none is present,
     * {@code n} copies of {@code fallback}, or null when {@code fallback} is null and the key is optional, or an
     * error when it is {@code DimSize}.
     */
    private static double[] numbers(Map<String, String> f, Path file, int n, Double fallback, String... keys) {
        String key = null;
        for (String k : keys) {
            if (f.containsKey(k)) {
                key = k;
                break;
            }
        }
        if (key == null) {
            if (keys[0].equals("DimSize")) {
                throw new PulmoException(file + ": missing header field DimSize");
            }
            if (fallback == null) {
                return null;
            }
            double[] out = new double[n];
            java.util.Arrays.fill(out, fallback);
            return out;
        }
        String text = f.get(key);
        String[] parts = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (parts.length != n) {
            throw new PulmoException(file + ": " + key + " '" + text + "' has " + parts.length + " numbers, NDims "
                    + "asks for " + n);
        }
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            try {
                out[k] = Double.parseDouble(parts[k]);
            } catch (NumberFormatException e) {
                throw new PulmoException(file + ": " + key + " '" + text + "' is not a list of numbers");
            }
            if (!Double.isFinite(out[k])) {
                throw new PulmoException(file + ": " + key + " '" + text + "' has a non-finite number");
            }
        }
        return out;
    }

    private static boolean bool(Map<String, String> f, String key, Path file) {
        String v = f.get(key);
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return false;
        }
        throw new PulmoException(file + ": " + key + " '" + v + "' is not True or False");
    }

    private static long integer(Map<String, String> f, String key, Path file) {
        String v = f.get(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new PulmoException(file + ": " + key + " '" + v + "' is not an integer");
        }
    }

    private static String shorten(String s) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < Math.min(s.length(), 40); k++) {
            char c = s.charAt(k);
            out.append(c >= 32 && c < 127 ? c : '?');
        }
        return s.length() > 40 ? out + "…" : out.toString();
    }
}
