package io.pulmo.common.data;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.siim.Dicom;
import io.pulmo.common.data.siim.DicomImage;
import io.pulmo.common.data.siim.Rle;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Decodes a {@link SegmentationItem} for training and evaluation: the image (PNG or JPEG through
 * {@link ImageDecoder}, DICOM through {@link Dicom}; a grayscale image fills every channel) in [0, 1] resized to
 * {@code size²}, then its mask (a mask image binarised at &gt; 0, or SIIM's RLE rows on the image's own size)
 * resized by nearest neighbour.
 */
public final class MaskedImages {
    /** Decoders by (size, channels), per thread: a decoder is not thread-safe and costly to make. */
    private static final ThreadLocal<java.util.Map<Long, ImageDecoder>> DECODERS =
            ThreadLocal.withInitial(java.util.HashMap::new);

    private MaskedImages() {
    }

    /** An image alone (PNG, JPEG or DICOM): {@code channels} planes of {@code size²} values in [0, 1]. */
    public static float[] readImage(Path image, int size, int channels) {
        float[] out = new float[channels * size * size];
        readImage(image, size, channels, out);
        return out;
    }

    /** Decodes {@code image} into the first {@code channels} planes of {@code out}; returns its native width and height. */
    private static int[] readImage(Path image, int size, int channels, float[] out) {
        int plane = size * size;
        if (isDicom(image)) {
            DicomImage d = Dicom.read(image);
            float[] gray = Dicom.resizeBilinear(d.normalized(), d.width(), d.height(), size, size);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(gray, 0, out, c * plane, plane);
            }
            return new int[] {d.width(), d.height()};
        }
        float[] px = DECODERS.get().computeIfAbsent((long) size << 8 | channels,
                k -> new ImageDecoder(size, channels)).decode(image);
        System.arraycopy(px, 0, out, 0, px.length);
        return null;
    }

    /** {@code channels} image planes followed by one 0/1 mask plane, each {@code size²}, row-major. */
    public static float[] read(SegmentationItem item, int size, int channels) {
        int plane = size * size;
        float[] out = new float[(channels + 1) * plane];
        int[] wh = readImage(item.image(), size, channels, out);
        if (wh == null && item.rle() != null) {
            wh = dimensions(item.image());
        }
        int width = wh == null ? 0 : wh[0];
        int height = wh == null ? 0 : wh[1];
        float[] mask = item.mask() != null ? Masks.read(item.mask(), size)
                : Masks.resizeNearest(rle(item, width, height), width, height, size);
        System.arraycopy(mask, 0, out, channels * plane, plane);
        return out;
    }

    private static byte[] rle(SegmentationItem item, int width, int height) {
        try {
            return Rle.union(item.rle(), width, height);
        } catch (IllegalArgumentException | PulmoException e) {
            throw new PulmoException("bad EncodedPixels for " + item.id() + ": " + e.getMessage(), e);
        }
    }

    /** Whether a file is read as DICOM: by its {@code .dcm} extension. */
    public static boolean isDicom(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".dcm");
    }

    private static int[] dimensions(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new PulmoException("unreadable image: " + file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new PulmoException("unreadable image: " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
