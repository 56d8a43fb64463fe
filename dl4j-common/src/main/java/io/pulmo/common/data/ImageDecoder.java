package io.pulmo.common.data;

import io.pulmo.common.PulmoException;
import org.datavec.image.loader.NativeImageLoader;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Decodes a JPEG or PNG (8- or 16-bit, grayscale or colour) into a planar float image in [0, 1], resized to
 * {@code size × size} with the requested channels, through DataVec's {@link NativeImageLoader} (OpenCV).
 *
 * <p>Before decoding, the file's structure is checked, because OpenCV decodes a truncated JPEG without complaint:
 * a JPEG must start with SOI and end with EOI, a PNG must carry its signature and end with an IEND chunk.
 * Colour images come out in RGB order (OpenCV's is BGR). One decoder per thread: it is not thread-safe.
 */
public final class ImageDecoder {
    private final int size;
    private final int channels;
    private final NativeImageLoader loader;

    /**
     * @param size     output height and width in pixels
     * @param channels 1 (grayscale) or 3 (RGB)
     */
    public ImageDecoder(int size, int channels) {
        if (size <= 0) {
            throw new IllegalArgumentException("data.image.size must be positive, got " + size);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("data.image.channels must be 1 or 3, got " + channels);
        }
        this.size = size;
        this.channels = channels;
        this.loader = new NativeImageLoader(size, size, channels);
    }

    public int size() {
        return size;
    }

    public int channels() {
        return channels;
    }

    /** Values per decoded image: {@code channels · size · size}. */
    public int length() {
        return channels * size * size;
    }

    /** The image as {@code [c][h][w]} floats in [0, 1]; fails with a one-line message naming the file. */
    public float[] decode(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PulmoException("image not found: " + file);
        } catch (IOException e) {
            throw new PulmoException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        int bitDepth = checkStructure(bytes, file);
        INDArray m;
        try {
            m = loader.asMatrix(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new PulmoException("unreadable image: " + file + " (" + e.getMessage() + ")", e);
        }
        if (m == null || m.length() != length()) {
            throw new PulmoException("unreadable image: " + file + " (decoder returned no pixels)");
        }
        float[] raw = m.data().asFloat();
        float scale = 1f / (bitDepth > 8 ? 65535f : 255f);
        float[] out = new float[raw.length];
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            int src = channels == 3 ? 2 - c : c; // OpenCV's BGR to RGB
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = Math.min(1f, raw[src * plane + i] * scale);
            }
        }
        return out;
    }

    /** Returns the sample bit depth (8 or 16) after checking that the file is a complete JPEG or PNG. */
    static int checkStructure(byte[] b, Path file) {
        if (b.length >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            int end = b.length - 1;
            while (end > 1 && b[end] == 0) {
                end--;
            }
            for (int i = end; i >= Math.max(1, end - 64); i--) {
                if ((b[i - 1] & 0xff) == 0xff && (b[i] & 0xff) == 0xd9) {
                    return 8;
                }
            }
            throw new PulmoException("truncated or corrupt JPEG: " + file + " (no end-of-image marker)");
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            if (b.length < 45) {
                throw new PulmoException("truncated or corrupt PNG: " + file + " (" + b.length + " bytes)");
            }
            for (int i = b.length - 8; i >= Math.max(0, b.length - 64); i--) {
                if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D') {
                    return b[24] & 0xff;
                }
            }
            throw new PulmoException("truncated or corrupt PNG: " + file + " (no IEND chunk)");
        }
        throw new PulmoException("unreadable image: " + file + " (not a JPEG or PNG file)");
    }
}
