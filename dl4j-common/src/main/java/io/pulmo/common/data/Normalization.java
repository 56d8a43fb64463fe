package io.pulmo.common.data;

/**
 * Fixed per-channel normalisation after scaling pixels to [0, 1]: ImageNet's mean and standard deviation for RGB
 * (as torchvision's pretrained models expect), and 0.5 / 0.25 for grayscale. Never fitted on data, so no split
 * leaks into another.
 */
public record Normalization(float[] mean, float[] std) {
    public static final Normalization GRAY = new Normalization(new float[]{0.5f}, new float[]{0.25f});
    public static final Normalization IMAGENET = new Normalization(new float[]{0.485f, 0.456f, 0.406f},
            new float[]{0.229f, 0.224f, 0.225f});

    public static Normalization forChannels(int channels) {
        return channels == 3 ? IMAGENET : GRAY;
    }

    /** Normalises planar {@code [c][h·w]} pixels in [0, 1] in place: {@code (x − mean[c]) / std[c]}. */
    public void apply(float[] pixels) {
        int plane = pixels.length / mean.length;
        for (int c = 0; c < mean.length; c++) {
            float m = mean[c];
            float inv = 1f / std[c];
            for (int i = c * plane, end = i + plane; i < end; i++) {
                pixels[i] = (pixels[i] - m) * inv;
            }
        }
    }
}
