package io.pulmo.common.data.siim;

import io.pulmo.common.PulmoException;
import ij.io.FileInfo;
import ij.io.ImageReader;
import ij.plugin.DICOM;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Reads single-frame greyscale DICOM files (SIIM-ACR's chest radiographs) through ImageJ ({@code net.imagej:ij}).
 *
 * <p>ImageJ's {@link DICOM} parses the header (explicit or implicit VR, little or big endian) and its
 * {@link ImageReader} reads the uncompressed 8- or 16-bit pixels; the rest is done here, explicitly:
 * <ul>
 *   <li><b>Rescale.</b> {@code DICOM.open} applies Rescale Slope/Intercept inconsistently: with a slope ≠ 1 it converts
 *       the image to 32-bit and multiplies and adds through {@code IJ.run}, which needs a display and throws
 *       {@code HeadlessException} on a server; with slope 1 it keeps the raw pixels and only puts the intercept into
 *       the image's {@code Calibration} function. This class therefore takes the stored values and computes
 *       {@code slope · stored + intercept} itself (slope 1, intercept 0 when the tags are absent).</li>
 *   <li><b>MONOCHROME1</b> (0 = white): ImageJ only attaches an inverting lookup table; here the values are reflected
 *       within the representable range, so that larger is always brighter.</li>
 *   <li><b>Bits Stored</b>: stored values are masked to Bits Stored (High Bit = Bits Stored − 1), sign-extended when
 *       Pixel Representation is 1.</li>
 * </ul>
 * Header values are taken from ImageJ's info text by tag number ({@code "0008,0018  SOP Instance UID: ..."}), first
 * top-level occurrence. Other compressed transfer syntaxes, colour, multi-frame and 32-bit images are refused with a
 * one-line {@link PulmoException} naming the file, as are missing, non-DICOM and truncated files. JPEG Baseline
 * (8-bit lossy; as far as we know the transfer syntax of the SIIM-ACR Kaggle files) is read without ImageJ, which
 * refuses all compressed files: see {@link #read}.
 *
 * <p>Thread-safe: ImageJ's header decoder shares a static buffer, so the (short) header parsing is serialised;
 * pixel reading runs in parallel.
 */
public final class Dicom {
    private static final Object HEADER_LOCK = new Object();
    private static final Set<String> UNCOMPRESSED = Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1",
            "1.2.840.10008.1.2.2");
    private static final String BIG_ENDIAN = "1.2.840.10008.1.2.2";

    private Dicom() {
    }

    /**
     * Reads a DICOM file: uncompressed (Implicit/Explicit VR Little Endian, Explicit VR Big Endian) through ImageJ,
     * or JPEG Baseline ({@value Uids#JPEG_BASELINE}, 8-bit) through {@link EncapsulatedDicom} and the JDK's JPEG
     * decoder, since ImageJ 1.x refuses every compressed transfer syntax.
     *
     * @throws PulmoException when the file is missing, not DICOM, truncated, otherwise compressed, colour,
     *                        multi-frame or not 8- or 16-bit; the message names the file
     */
    public static DicomImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PulmoException("DICOM file not found: " + file);
        }
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw new PulmoException("cannot read DICOM file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> tags = header(file);
        String syntax = tags.getOrDefault("0002,0010", "1.2.840.10008.1.2");
        if (syntax.equals(Uids.JPEG_BASELINE)) {
            return readJpegBaseline(file);
        }
        if (!UNCOMPRESSED.contains(syntax)) {
            throw new PulmoException("unsupported DICOM: " + file + " (transfer syntax " + syntax
                    + " is compressed or unknown; uncompressed and JPEG Baseline are read)");
        }
        Header h = Header.of(tags, file);
        String offsetText = tags.get("7FE0,0010");
        long offset = offsetText == null ? -1 : parseLong(offsetText);
        if (offset <= 0) {
            throw new PulmoException("corrupt DICOM: " + file + " (no Pixel Data element)");
        }
        long needed = offset + (long) h.width() * h.height() * (h.bitsAllocated() / 8);
        if (fileSize < needed) {
            throw new PulmoException("truncated DICOM: " + file + " (pixel data needs " + needed + " bytes, file has "
                    + fileSize + ")");
        }
        return h.image(readStored(file, h, offset, !BIG_ENDIAN.equals(syntax)));
    }

    private static DicomImage readJpegBaseline(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PulmoException("cannot read DICOM file " + file + ": " + e.getMessage(), e);
        }
        EncapsulatedDicom.Parsed parsed = EncapsulatedDicom.parse(bytes, file);
        Header h = Header.of(parsed.tags(), file);
        if (h.bitsAllocated() != 8) {
            throw new PulmoException("corrupt DICOM: " + file + " (JPEG Baseline with Bits Allocated "
                    + h.bitsAllocated() + ", expected 8)");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(parsed.frame()));
        } catch (IOException | RuntimeException e) {
            throw new PulmoException("corrupt DICOM: " + file + " (JPEG pixel data: " + e.getMessage() + ")", e);
        }
        if (img == null || img.getWidth() != h.width() || img.getHeight() != h.height()
                || img.getRaster().getNumBands() != 1) {
            throw new PulmoException("corrupt DICOM: " + file + " (JPEG pixel data is not a " + h.width() + "×"
                    + h.height() + " greyscale image)");
        }
        int[] stored = img.getRaster().getSamples(0, 0, h.width(), h.height(), 0, (int[]) null);
        return h.image(mask(stored, h));
    }

    /** The header values this reader needs, checked. */
    private record Header(int width, int height, int bitsAllocated, int bitsStored, boolean signed, String photometric,
                          double slope, double intercept, String sop, String study, String series) {

        static Header of(Map<String, String> tags, Path file) {
            int samples = intTag(tags, "0028,0002", 1, file);
            String photometric = tags.getOrDefault("0028,0004", "MONOCHROME2").strip();
            if (samples != 1 || !(photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"))) {
                throw new PulmoException("unsupported DICOM: " + file + " (Photometric Interpretation " + photometric
                        + " with " + samples + " samples per pixel; only greyscale MONOCHROME1/2 is read)");
            }
            int frames = intTag(tags, "0028,0008", 1, file);
            if (frames > 1) {
                throw new PulmoException("unsupported DICOM: " + file + " (" + frames + " frames; only single-frame "
                        + "images are read)");
            }
            int width = intTag(tags, "0028,0011", -1, file);
            int height = intTag(tags, "0028,0010", -1, file);
            if (width <= 0 || height <= 0) {
                throw new PulmoException("corrupt DICOM: " + file + " (Rows/Columns missing or zero)");
            }
            int bitsAllocated = intTag(tags, "0028,0100", 16, file);
            if (bitsAllocated != 8 && bitsAllocated != 16) {
                throw new PulmoException("unsupported DICOM: " + file + " (Bits Allocated " + bitsAllocated
                        + "; only 8 and 16 are read)");
            }
            int bitsStored = intTag(tags, "0028,0101", bitsAllocated, file);
            if (bitsStored < 1 || bitsStored > bitsAllocated) {
                throw new PulmoException("corrupt DICOM: " + file + " (Bits Stored " + bitsStored
                        + " with Bits Allocated " + bitsAllocated + ")");
            }
            boolean signed = intTag(tags, "0028,0103", 0, file) == 1;
            double slope = doubleTag(tags, "0028,1053", 1.0, file);
            double intercept = doubleTag(tags, "0028,1052", 0.0, file);
            if (slope == 0) {
                throw new PulmoException("corrupt DICOM: " + file + " (Rescale Slope is 0)");
            }
            return new Header(width, height, bitsAllocated, bitsStored, signed, photometric, slope, intercept,
                    tags.getOrDefault("0008,0018", ""), tags.getOrDefault("0020,000D", ""),
                    tags.getOrDefault("0020,000E", ""));
        }

        /** Rescales the stored values and inverts MONOCHROME1 within the representable range. */
        DicomImage image(int[] stored) {
            DicomImage shape = new DicomImage(width, height, new float[width * height], bitsAllocated, bitsStored,
                    signed, photometric, slope, intercept, sop, study, series);
            boolean invert = photometric.equals("MONOCHROME1");
            double reflect = shape.minValue() + shape.maxValue();
            float[] pixels = new float[stored.length];
            for (int i = 0; i < stored.length; i++) {
                double v = slope * stored[i] + intercept;
                pixels[i] = (float) (invert ? reflect - v : v);
            }
            return new DicomImage(width, height, pixels, bitsAllocated, bitsStored, signed, photometric, slope,
                    intercept, sop, study, series);
        }
    }

    /**
     * The image for the training pipeline: {@link DicomImage#normalized()} values in [0, 1] (the window of the
     * representable range — for 8 bits stored {@code stored / 255}, as for an 8-bit PNG), resized bilinearly to
     * {@code size × size} as {@link #resizeBilinear}.
     *
     * @return {@code size·size} floats, row-major
     */
    public static float[] readNormalized(Path file, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("data.image.size must be positive, got " + size);
        }
        DicomImage image = read(file);
        return resizeBilinear(image.normalized(), image.width(), image.height(), size, size);
    }

    /**
     * Bilinear resampling with OpenCV's {@code INTER_LINEAR} convention (pixel centres aligned: source coordinate
     * {@code (d + 0.5) · in / out − 0.5}, clamped to the border), so that a DICOM and a PNG of the same image come out
     * of {@link #readNormalized} and {@link io.pulmo.common.data.ImageDecoder} alike. Like OpenCV, it does not
     * low-pass filter when shrinking.
     *
     * @param src row-major {@code w·h} values
     * @return row-major {@code outW·outH} values
     */
    public static float[] resizeBilinear(float[] src, int w, int h, int outW, int outH) {
        if (src.length != w * h || outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("cannot resize " + src.length + " values as " + w + "×" + h + " to "
                    + outW + "×" + outH);
        }
        if (outW == w && outH == h) {
            return src.clone();
        }
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        float[] fx = new float[outW];
        axis(w, outW, x0, x1, fx);
        int[] y0 = new int[outH];
        int[] y1 = new int[outH];
        float[] fy = new float[outH];
        axis(h, outH, y0, y1, fy);
        float[] out = new float[outW * outH];
        for (int y = 0; y < outH; y++) {
            int r0 = y0[y] * w;
            int r1 = y1[y] * w;
            float b = fy[y];
            for (int x = 0; x < outW; x++) {
                float a = fx[x];
                float top = src[r0 + x0[x]] * (1 - a) + src[r0 + x1[x]] * a;
                float bottom = src[r1 + x0[x]] * (1 - a) + src[r1 + x1[x]] * a;
                out[y * outW + x] = top * (1 - b) + bottom * b;
            }
        }
        return out;
    }

    /** Source indices and weights along one axis, OpenCV INTER_LINEAR style. */
    private static void axis(int in, int out, int[] i0, int[] i1, float[] frac) {
        double scale = (double) in / out;
        for (int d = 0; d < out; d++) {
            double s = (d + 0.5) * scale - 0.5;
            int lo = (int) Math.floor(s);
            double f = s - lo;
            if (lo < 0) {
                lo = 0;
                f = 0;
            }
            if (lo >= in - 1) {
                lo = in - 1;
                f = 0;
            }
            i0[d] = lo;
            i1[d] = Math.min(lo + 1, in - 1);
            frac[d] = (float) f;
        }
    }

    /**
     * The header as tag ("GGGG,EEEE", upper-case hex) → stripped value, first top-level occurrence, from ImageJ's
     * DICOM info text; the Pixel Data entry holds the byte offset of the pixels.
     */
    static Map<String, String> header(Path file) {
        String info;
        synchronized (HEADER_LOCK) {
            info = new DICOM().getInfo(file.toAbsolutePath().toString());
        }
        Map<String, String> tags = new HashMap<>();
        if (info != null) {
            for (String line : info.split("\n")) {
                // "GGGG,EEEE  Name: value"; lines of sequence items start with '>' after the tag
                if (line.length() < 11 || line.charAt(4) != ',') {
                    continue;
                }
                String rest = line.substring(9).strip();
                int colon = rest.indexOf(": ");
                if (rest.startsWith(">") || colon < 0) {
                    continue;
                }
                tags.putIfAbsent(line.substring(0, 9).toUpperCase(java.util.Locale.ROOT),
                        rest.substring(colon + 2).strip());
            }
        }
        if (!tags.containsKey("7FE0,0010") && !hasDicmMarker(file)) {
            throw new PulmoException("not a DICOM file: " + file + " (no 'DICM' marker at byte 128)");
        }
        return tags;
    }

    private static int[] readStored(Path file, Header h, long offset, boolean littleEndian) {
        FileInfo fi = new FileInfo();
        fi.fileName = file.getFileName().toString();
        fi.width = h.width();
        fi.height = h.height();
        fi.fileType = h.bitsAllocated() == 8 ? FileInfo.GRAY8 : FileInfo.GRAY16_UNSIGNED;
        fi.intelByteOrder = littleEndian;
        fi.longOffset = offset;
        Object raw;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            raw = new ImageReader(fi).readPixels(in, offset);
        } catch (IOException e) {
            throw new PulmoException("cannot read DICOM file " + file + ": " + e.getMessage(), e);
        }
        if (raw == null) {
            throw new PulmoException("truncated DICOM: " + file + " (pixel data ends early)");
        }
        int[] out = new int[h.width() * h.height()];
        if (raw instanceof byte[] b) {
            for (int i = 0; i < out.length; i++) {
                out[i] = b[i] & 0xFF;
            }
        } else {
            short[] s = (short[]) raw;
            for (int i = 0; i < out.length; i++) {
                out[i] = s[i] & 0xFFFF;
            }
        }
        return mask(out, h);
    }

    /** Keeps the low Bits Stored bits of each value (High Bit = Bits Stored − 1), sign-extended when signed. */
    private static int[] mask(int[] raw, Header h) {
        int mask = (int) ((1L << h.bitsStored()) - 1);
        int shift = 32 - h.bitsStored();
        for (int i = 0; i < raw.length; i++) {
            int v = raw[i] & mask;
            raw[i] = h.signed() ? (v << shift) >> shift : v;
        }
        return raw;
    }

    private static boolean hasDicmMarker(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(132);
            return b.length == 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    private static int intTag(Map<String, String> tags, String tag, int absent, Path file) {
        String v = tags.get(tag);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(firstValue(v));
        } catch (NumberFormatException e) {
            throw new PulmoException("corrupt DICOM: " + file + " (tag (" + tag + ") is '" + v + "', expected an "
                    + "integer)");
        }
    }

    private static double doubleTag(Map<String, String> tags, String tag, double absent, Path file) {
        String v = tags.get(tag);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            double d = Double.parseDouble(firstValue(v));
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PulmoException("corrupt DICOM: " + file + " (tag (" + tag + ") is '" + v + "', expected a number)");
    }

    /** The first of a multi-valued element ({@code a\b}), stripped. */
    private static String firstValue(String v) {
        int i = v.indexOf('\\');
        return (i >= 0 ? v.substring(0, i) : v).strip();
    }

    private static long parseLong(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
