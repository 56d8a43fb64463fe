package io.pulmo.common.data.siim;

import java.util.Objects;

/**
 * A single-frame greyscale DICOM image as {@link Dicom#read} returns it: the pixel values after the modality
 * rescale, with MONOCHROME1 already inverted so that larger is always brighter.
 *
 * @param width             Columns (0028,0011)
 * @param height            Rows (0028,0010)
 * @param pixels            row-major values ({@code y·width + x}): {@code rescaleSlope · stored + rescaleIntercept},
 *                          for MONOCHROME1 reflected within [{@link #minValue}, {@link #maxValue}]
 * @param bitsAllocated     Bits Allocated (0028,0100): 8 or 16
 * @param bitsStored        Bits Stored (0028,0101); the stored values' range is {@code [0, 2^bitsStored − 1]}, or
 *                          {@code [−2^(bitsStored−1), 2^(bitsStored−1) − 1]} when {@code signed}
 * @param signed            Pixel Representation (0028,0103) is 1 (two's complement)
 * @param photometric       Photometric Interpretation (0028,0004) of the file: MONOCHROME1 or MONOCHROME2
 * @param rescaleSlope      Rescale Slope (0028,1053), 1 when absent
 * @param rescaleIntercept  Rescale Intercept (0028,1052), 0 when absent
 * @param sopInstanceUid    SOP Instance UID (0008,0018); SIIM-ACR's {@code ImageId}
 * @param studyInstanceUid  Study Instance UID (0020,000D), empty when absent
 * @param seriesInstanceUid Series Instance UID (0020,000E), empty when absent
 */
public record DicomImage(int width, int height, float[] pixels, int bitsAllocated, int bitsStored, boolean signed,
                         String photometric, double rescaleSlope, double rescaleIntercept, String sopInstanceUid,
                         String studyInstanceUid, String seriesInstanceUid) {
    public DicomImage {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(photometric, "photometric");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("pixels must hold width·height values, got " + pixels.length + " for "
                    + width + "×" + height);
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new IllegalArgumentException("bitsStored must be within 1.." + bitsAllocated + ", got " + bitsStored);
        }
    }

    /** The smallest stored value Bits Stored and Pixel Representation allow. */
    public long minStored() {
        return signed ? -(1L << (bitsStored - 1)) : 0;
    }

    /** The largest stored value Bits Stored and Pixel Representation allow. */
    public long maxStored() {
        return signed ? (1L << (bitsStored - 1)) - 1 : (1L << bitsStored) - 1;
    }

    /** The lower end of the rescaled range the file can represent: {@code min(rescale(minStored), rescale(maxStored))}. */
    public double minValue() {
        return Math.min(rescaleSlope * minStored() + rescaleIntercept, rescaleSlope * maxStored() + rescaleIntercept);
    }

    /** The upper end of the rescaled range the file can represent. */
    public double maxValue() {
        return Math.max(rescaleSlope * minStored() + rescaleIntercept, rescaleSlope * maxStored() + rescaleIntercept);
    }

    /**
     * The pixels in [0, 1]: {@code (v − minValue) / (maxValue − minValue)}, clamped. The window is the range the
     * file's Bits Stored can represent after rescale, not the image's own min/max, so the intensity scale is the same
     * for every image of a dataset and does not depend on its content. For unsigned pixels with a positive slope this
     * is {@code stored / (2^bitsStored − 1)}: an 8-bit DICOM gives {@code stored / 255} and a 16-bit one
     * {@code stored / 65535}, exactly what {@link io.pulmo.common.data.ImageDecoder} gives for the same 8- or
     * 16-bit PNG. (MONOCHROME1 images come out inverted, larger = brighter.)
     */
    public float[] normalized() {
        double lo = minValue();
        double scale = 1.0 / (maxValue() - lo);
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            double v = (pixels[i] - lo) * scale;
            out[i] = (float) Math.max(0.0, Math.min(1.0, v));
        }
        return out;
    }
}
