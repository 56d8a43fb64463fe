package io.pulmo.common.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One image with its binary mask on disk: either a mask image beside it (seed 004's {@code labels/*.png}) or
 * SIIM-ACR's run-length-encoded rows of {@code train-rle.csv}.
 *
 * @param image the image file (PNG, JPEG or DICOM)
 * @param id    the image path relative to the dataset root, with '/' separators (the {@code id} of {@code predictions.csv})
 * @param mask  the mask image (binarised at &gt; 0), or null when {@code rle} holds the mask
 * @param rle   SIIM's {@code EncodedPixels} of every row of this image (several rows = several regions, {@code -1} =
 *              no region) on the image's own size, or null when {@code mask} is a file
 * @param group the grouping key for leakage-free splits (a patient or study id where known, else the id)
 */
public record SegmentationItem(Path image, String id, Path mask, List<String> rle, String group) {
    public SegmentationItem {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        if ((mask == null) == (rle == null)) {
            throw new IllegalArgumentException("exactly one of mask and rle must be given for " + image);
        }
        rle = rle == null ? null : List.copyOf(rle);
    }
}
