package io.pulmo.common.data.siim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes single-frame greyscale DICOM Part-10 files, as SIIM-ACR's: a Secondary Capture image (SOP class
 * {@value Uids#SECONDARY_CAPTURE}, modality {@code CR}) in Explicit VR Little Endian, uncompressed
 * ({@link #encode}) or with JPEG Baseline encapsulated pixels ({@link #encodeJpegBaseline}).
 *
 * <p>Layout (PS3.10 §7.1, PS3.5 §7.1.2): a 128-byte zero preamble, {@code DICM}, the file meta group (0002) with its
 * group length, then the data set in ascending tag order — SOP Class/Instance UID, the Type 2 patient and study
 * attributes (empty where Pulmo has no value), Modality, Conversion Type {@code WSD}, Study/Series Instance UID, the
 * Image Pixel module (Samples per Pixel 1, Photometric Interpretation, Rows, Columns, Bits Allocated/Stored, High
 * Bit, Pixel Representation 0), Rescale Intercept/Slope and Pixel Data ({@code OB} for 8 bits allocated, {@code OW}
 * for 16). Values are padded to even length: UIDs and OB with {@code \0}, text with a space. OB, OW and the other
 * "long" VRs carry a 2-byte reserved field and a 4-byte length, every other VR a 2-byte length.
 *
 * <p>There is no DICOM writer on Maven Central (ImageJ reads DICOM but cannot write it), hence this small class;
 * {@link Dicom} reads its files back through ImageJ.
 */
public final class DicomWriter {

    /**
     * Identifiers written into the file.
     *
     * @param sopInstanceUid    SOP Instance UID (0008,0018), also the Media Storage SOP Instance UID (0002,0003)
     * @param studyInstanceUid  Study Instance UID (0020,000D)
     * @param seriesInstanceUid Series Instance UID (0020,000E)
     * @param patientId         Patient ID (0010,0020), also written as Patient's Name; at most 64 characters,
     *                          no backslash or control characters
     */
    public record Ids(String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid, String patientId) {
        public Ids {
            checkUid("sopInstanceUid", sopInstanceUid);
            checkUid("studyInstanceUid", studyInstanceUid);
            checkUid("seriesInstanceUid", seriesInstanceUid);
            Objects.requireNonNull(patientId, "patientId");
            if (patientId.length() > 64 || patientId.chars().anyMatch(c -> c < ' ' || c == '\\' || c > '~')) {
                throw new IllegalArgumentException("patientId must be at most 64 printable ASCII characters without "
                        + "'\\', got '" + patientId + "'");
            }
        }

        private static void checkUid(String name, String uid) {
            if (!Uids.isValid(uid)) {
                throw new IllegalArgumentException(name + " must be a valid DICOM UID (digits and dots, at most 64 "
                        + "characters), got '" + uid + "'");
            }
        }
    }

    /**
     * The pixels as stored: {@code value = rescaleSlope · stored + rescaleIntercept}.
     *
     * @param width            Columns (0028,0011), 1..65535
     * @param height           Rows (0028,0010), 1..65535
     * @param bitsAllocated    8 or 16
     * @param bitsStored       1..bitsAllocated; High Bit is {@code bitsStored − 1}
     * @param stored           row-major stored values, each in [0, 2^bitsStored − 1] (unsigned)
     * @param monochrome1      writes MONOCHROME1 (0 = white) instead of MONOCHROME2 (0 = black); the values are
     *                         written as given
     * @param rescaleSlope     Rescale Slope (0028,1053), finite and non-zero
     * @param rescaleIntercept Rescale Intercept (0028,1052), finite
     */
    public record Pixels(int width, int height, int bitsAllocated, int bitsStored, int[] stored, boolean monochrome1,
                         double rescaleSlope, double rescaleIntercept) {
        public Pixels {
            if (width < 1 || width > 65535 || height < 1 || height > 65535) {
                throw new IllegalArgumentException("image size must be within 1..65535, got " + width + "×" + height);
            }
            if (bitsAllocated != 8 && bitsAllocated != 16) {
                throw new IllegalArgumentException("bitsAllocated must be 8 or 16, got " + bitsAllocated);
            }
            if (bitsStored < 1 || bitsStored > bitsAllocated) {
                throw new IllegalArgumentException("bitsStored must be within 1.." + bitsAllocated + ", got "
                        + bitsStored);
            }
            Objects.requireNonNull(stored, "stored");
            if (stored.length != width * height) {
                throw new IllegalArgumentException("stored has " + stored.length + " values, expected " + width + "×"
                        + height + " = " + width * height);
            }
            int max = (1 << bitsStored) - 1;
            for (int i = 0; i < stored.length; i++) {
                if (stored[i] < 0 || stored[i] > max) {
                    throw new IllegalArgumentException("stored value " + stored[i] + " at index " + i
                            + " outside [0, " + max + "] for bitsStored=" + bitsStored);
                }
            }
            if (!Double.isFinite(rescaleSlope) || rescaleSlope == 0 || !Double.isFinite(rescaleIntercept)) {
                throw new IllegalArgumentException("rescale slope must be finite and non-zero and intercept finite, got "
                        + "slope=" + rescaleSlope + " intercept=" + rescaleIntercept);
            }
        }

        /** MONOCHROME2 pixels with slope 1 and intercept 0, all {@code bits} bits stored. */
        public static Pixels monochrome2(int width, int height, int bits, int[] stored) {
            return new Pixels(width, height, bits, bits, stored, false, 1.0, 0.0);
        }
    }

    private static final int PREAMBLE = 128;

    private DicomWriter() {
    }

    /**
     * Writes the file, creating parent folders; the file appears complete or not at all (written to a temporary
     * sibling and moved into place, replacing an existing file).
     */
    public static void write(Path file, Pixels pixels, Ids ids) throws IOException {
        writeBytes(file, encode(pixels, ids));
    }

    /** Writes {@code bytes} (e.g. from {@link #encodeJpegBaseline}) as {@link #write} does. */
    public static void writeBytes(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The bytes of the Part-10 file, uncompressed (Explicit VR Little Endian). */
    public static byte[] encode(Pixels pixels, Ids ids) {
        Objects.requireNonNull(pixels, "pixels");
        int[] v = pixels.stored();
        return encode(pixels, ids, Uids.EXPLICIT_VR_LITTLE_ENDIAN, false, data -> {
            if (pixels.bitsAllocated() == 8) {
                byte[] b = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = (byte) v[i];
                }
                data.bytes(0x7FE0, 0x0010, "OB", b);
            } else {
                byte[] b = new byte[2 * v.length];
                for (int i = 0; i < v.length; i++) {
                    b[2 * i] = (byte) v[i];
                    b[2 * i + 1] = (byte) (v[i] >>> 8);
                }
                data.bytes(0x7FE0, 0x0010, "OW", b);
            }
        });
    }

    /**
     * The bytes of a Part-10 file whose pixels are JPEG Baseline compressed (transfer syntax
     * {@value Uids#JPEG_BASELINE}, lossy; as far as we know, that of the SIIM-ACR Kaggle files): the JDK's JPEG
     * encoder at {@code quality}, encapsulated in Pixel Data of undefined length (an empty Basic Offset Table item,
     * one fragment, a sequence delimiter; PS3.5 §A.4), with Lossy Image Compression {@code 01} /
     * {@code ISO_10918_1}.
     *
     * @param pixels  8 bits allocated and stored
     * @param quality JPEG quality in (0, 1]
     */
    public static byte[] encodeJpegBaseline(Pixels pixels, Ids ids, float quality) {
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.bitsAllocated() != 8 || pixels.bitsStored() != 8) {
            throw new IllegalArgumentException("JPEG Baseline needs 8-bit pixels, got bitsAllocated="
                    + pixels.bitsAllocated() + " bitsStored=" + pixels.bitsStored());
        }
        if (!(quality > 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in (0, 1], got " + quality);
        }
        BufferedImage img = new BufferedImage(pixels.width(), pixels.height(), BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, pixels.width(), pixels.height(), 0, pixels.stored());
        byte[] jpeg = jpeg(img, quality);
        return encode(pixels, ids, Uids.JPEG_BASELINE, true, data -> data.encapsulated(0x7FE0, 0x0010, jpeg));
    }

    private static byte[] encode(Pixels pixels, Ids ids, String transferSyntax, boolean lossy,
                                 Consumer<Elements> pixelData) {
        Objects.requireNonNull(ids, "ids");

        Elements meta = new Elements();
        meta.bytes(0x0002, 0x0001, "OB", new byte[]{0, 1});
        meta.text(0x0002, 0x0002, "UI", Uids.SECONDARY_CAPTURE);
        meta.text(0x0002, 0x0003, "UI", ids.sopInstanceUid());
        meta.text(0x0002, 0x0010, "UI", transferSyntax);
        meta.text(0x0002, 0x0012, "UI", Uids.IMPLEMENTATION_CLASS_UID);
        meta.text(0x0002, 0x0013, "SH", "PULMO");

        Elements data = new Elements();
        data.text(0x0008, 0x0016, "UI", Uids.SECONDARY_CAPTURE);
        data.text(0x0008, 0x0018, "UI", ids.sopInstanceUid());
        data.text(0x0008, 0x0020, "DA", "");
        data.text(0x0008, 0x0030, "TM", "");
        data.text(0x0008, 0x0050, "SH", "");
        data.text(0x0008, 0x0060, "CS", "CR");
        data.text(0x0008, 0x0064, "CS", "WSD");
        data.text(0x0008, 0x0090, "PN", "");
        data.text(0x0010, 0x0010, "PN", ids.patientId());
        data.text(0x0010, 0x0020, "LO", ids.patientId());
        data.text(0x0010, 0x0030, "DA", "");
        data.text(0x0010, 0x0040, "CS", "");
        data.text(0x0020, 0x000D, "UI", ids.studyInstanceUid());
        data.text(0x0020, 0x000E, "UI", ids.seriesInstanceUid());
        data.text(0x0020, 0x0010, "SH", "");
        data.text(0x0020, 0x0011, "IS", "1");
        data.text(0x0020, 0x0013, "IS", "1");
        data.text(0x0020, 0x0020, "CS", "");
        data.us(0x0028, 0x0002, 1);
        data.text(0x0028, 0x0004, "CS", pixels.monochrome1() ? "MONOCHROME1" : "MONOCHROME2");
        data.us(0x0028, 0x0010, pixels.height());
        data.us(0x0028, 0x0011, pixels.width());
        data.us(0x0028, 0x0100, pixels.bitsAllocated());
        data.us(0x0028, 0x0101, pixels.bitsStored());
        data.us(0x0028, 0x0102, pixels.bitsStored() - 1);
        data.us(0x0028, 0x0103, 0);
        data.text(0x0028, 0x1052, "DS", decimalString(pixels.rescaleIntercept()));
        data.text(0x0028, 0x1053, "DS", decimalString(pixels.rescaleSlope()));
        if (lossy) {
            data.text(0x0028, 0x2110, "CS", "01");
            data.text(0x0028, 0x2114, "CS", "ISO_10918_1");
        }
        pixelData.accept(data);

        ByteArrayOutputStream out = new ByteArrayOutputStream(PREAMBLE + 4 + meta.size() + 12 + data.size());
        out.writeBytes(new byte[PREAMBLE]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        Elements groupLength = new Elements();
        groupLength.ul(0x0002, 0x0000, meta.size());
        groupLength.writeTo(out);
        meta.writeTo(out);
        data.writeTo(out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage img, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG ImageWriter in this JDK");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * A Decimal String (DS) value of at most 16 characters: the shortest plain decimal that reads back as
     * {@code v}, else scientific notation with 8 fraction digits.
     */
    static String decimalString(double v) {
        if (v == 0) {
            return "0";
        }
        String plain = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return plain.length() <= 16 ? plain : String.format(Locale.ROOT, "%.8E", v);
    }

    /** Explicit VR little-endian data elements, appended in the order given. */
    private static final class Elements {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        int size() {
            return buf.size();
        }

        void writeTo(ByteArrayOutputStream out) {
            out.writeBytes(buf.toByteArray());
        }

        /** A text or UID value, padded to even length ({@code \0} for UI, space otherwise). */
        void text(int group, int element, String vr, String value) {
            byte[] b = value.getBytes(StandardCharsets.US_ASCII);
            if (b.length % 2 != 0) {
                byte[] padded = new byte[b.length + 1];
                System.arraycopy(b, 0, padded, 0, b.length);
                padded[b.length] = (byte) (vr.equals("UI") ? 0 : ' ');
                b = padded;
            }
            header(group, element, vr, b.length);
            buf.writeBytes(b);
        }

        /** A binary value (OB, OW), padded with a zero byte to even length. */
        void bytes(int group, int element, String vr, byte[] value) {
            int length = value.length + (value.length % 2);
            header(group, element, vr, length);
            buf.writeBytes(value);
            if (length != value.length) {
                buf.write(0);
            }
        }

        /**
         * Encapsulated pixel data: OB of undefined length, an empty Basic Offset Table item, one fragment item
         * (padded to even length with a zero byte) and the sequence delimitation item.
         */
        void encapsulated(int group, int element, byte[] fragment) {
            short16(group);
            short16(element);
            buf.writeBytes("OB".getBytes(StandardCharsets.US_ASCII));
            short16(0);
            int32(0xFFFFFFFF);
            item(0xE000, 0);
            int length = fragment.length + (fragment.length % 2);
            item(0xE000, length);
            buf.writeBytes(fragment);
            if (length != fragment.length) {
                buf.write(0);
            }
            item(0xE0DD, 0);
        }

        private void item(int element, int length) {
            short16(0xFFFE);
            short16(element);
            int32(length);
        }

        void us(int group, int element, int value) {
            header(group, element, "US", 2);
            short16(value);
        }

        void ul(int group, int element, long value) {
            header(group, element, "UL", 4);
            int32((int) value);
        }

        private void header(int group, int element, String vr, int length) {
            short16(group);
            short16(element);
            buf.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            if (hasLongLength(vr)) {
                short16(0);
                int32(length);
            } else {
                if (length > 0xFFFF) {
                    throw new IllegalArgumentException("value of (" + hex(group) + "," + hex(element) + ") " + vr
                            + " is " + length + " bytes, more than a 2-byte length holds");
                }
                short16(length);
            }
        }

        private void short16(int v) {
            buf.write(v & 0xFF);
            buf.write((v >>> 8) & 0xFF);
        }

        private void int32(int v) {
            short16(v & 0xFFFF);
            short16(v >>> 16);
        }

        private static boolean hasLongLength(String vr) {
            return switch (vr) {
                case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
                default -> false;
            };
        }

        private static String hex(int v) {
            return String.format(Locale.ROOT, "%04X", v);
        }
    }
}
