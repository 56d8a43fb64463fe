package io.pulmo.common.data.siim;

import io.pulmo.common.PulmoException;
import io.pulmo.common.run.AtomicFiles;
import io.pulmo.common.data.SegmentationItem;
import io.pulmo.common.data.SegmentationLayouts;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIIM-ACR Pneumothorax Segmentation layout (Kaggle 2019):
 * <pre>
 * ROOT/train-rle.csv                     ImageId, EncodedPixels   (one row per region; -1 = no pneumothorax)
 * ROOT/dicom-images-train/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;SOPInstanceUID&gt;.dcm
 * </pre>
 * {@code ImageId} is the SOP Instance UID, which is also the DICOM file's stem; {@code EncodedPixels} is
 * {@link Rle}. The real file writes {@code ", "} between the columns; both that and a bare comma are read.
 */
public final class Siim {
    /** The annotation file under the dataset root. */
    public static final String CSV = "train-rle.csv";
    /** The image folder under the dataset root. */
    public static final String DICOM_DIR = "dicom-images-train";

    private static final Logger LOG = LoggerFactory.getLogger(Siim.class);
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true)
            .setTrim(true).setIgnoreEmptyLines(false).build();

    private Siim() {
    }

    /**
     * One item per {@code ImageId} of {@code train-rle.csv}, sorted by id: its rows' {@code EncodedPixels} in file
     * order as {@code rle}, the DICOM whose file stem is the {@code ImageId} as {@code image} (the image folder is
     * walked once), the file's path relative to {@code root} as {@code id}, and the StudyInstanceUID folder (the first
     * folder below {@code dicom-images-train}, else the {@code ImageId}) as {@code group}. DICOM files without a row
     * are skipped with one warning giving their count. Only the syntax of {@code EncodedPixels} is checked here; runs
     * are checked against the image size when decoded.
     *
     * @throws PulmoException naming the file (and line): a missing CSV or image folder, a bad header, a malformed
     *                        line, an {@code ImageId} without a DICOM file, two DICOM files with one stem
     */
    public static List<SegmentationItem> scan(Path root) {
        Path csv = root.resolve(CSV);
        Path dicomRoot = root.resolve(DICOM_DIR);
        if (!Files.isRegularFile(csv)) {
            throw new PulmoException("SIIM annotation file not found: " + csv
                    + " (data.layout siim expects train-rle.csv and dicom-images-train/)");
        }
        if (!Files.isDirectory(dicomRoot)) {
            throw new PulmoException("SIIM image folder not found: " + dicomRoot
                    + " (data.layout siim expects train-rle.csv and dicom-images-train/)");
        }
        Map<String, Path> dicoms = dicomsByStem(dicomRoot);
        Map<String, List<String>> rows = readCsv(csv, dicoms);
        List<SegmentationItem> items = new ArrayList<>(rows.size());
        for (Map.Entry<String, List<String>> e : rows.entrySet()) {
            String imageId = e.getKey();
            Path dcm = dicoms.get(imageId);
            Path rel = dicomRoot.relativize(dcm);
            String group = rel.getNameCount() >= 2 ? rel.getName(0).toString() : imageId;
            items.add(new SegmentationItem(dcm, root.relativize(dcm).toString().replace('\\', '/'), null,
                    e.getValue(), group));
        }
        int unlabelled = dicoms.size() - rows.size();
        if (unlabelled > 0) {
            LOG.warn("{} DICOM files in {} have no row in {} and are ignored", unlabelled, dicomRoot, csv);
        }
        items.sort(Comparator.comparing(SegmentationItem::id));
        return items;
    }

    /**
     * The rows of {@code train-rle.csv}, {@code ImageId} → its {@code EncodedPixels} in file order, checking every
     * {@code ImageId} against the DICOM files by stem.
     */
    private static Map<String, List<String>> readCsv(Path csv, Map<String, Path> dicoms) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = FORMAT.parse(r)) {
            int line = 0;
            boolean header = false;
            for (CSVRecord rec : parser) {
                line++;
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue;
                }
                if (!header) {
                    String a = rec.get(0).replace("\uFEFF", "").strip();
                    if (rec.size() != 2 || !a.equalsIgnoreCase("ImageId")
                            || !rec.get(1).strip().equalsIgnoreCase("EncodedPixels")) {
                        throw new PulmoException("header must be 'ImageId, EncodedPixels', got '"
                                + String.join(",", rec.toList()) + "' (" + csv + ":" + line + ")");
                    }
                    header = true;
                    continue;
                }
                if (rec.size() != 2) {
                    throw new PulmoException("malformed line: expected 2 columns 'ImageId, EncodedPixels', got "
                            + rec.size() + " (" + csv + ":" + line + ")");
                }
                String imageId = rec.get(0).strip();
                String encoded = rec.get(1).strip();
                if (imageId.isEmpty()) {
                    throw new PulmoException("malformed line: empty ImageId (" + csv + ":" + line + ")");
                }
                String error = Rle.syntaxError(encoded);
                if (error != null) {
                    throw new PulmoException("malformed line: " + error + " (" + csv + ":" + line + ")");
                }
                if (!dicoms.containsKey(imageId)) {
                    throw new PulmoException("ImageId " + imageId + " has no DICOM file " + DICOM_DIR + "/**/"
                            + imageId + ".dcm (" + csv + ":" + line + ")");
                }
                rows.computeIfAbsent(imageId, k -> new ArrayList<>()).add(encoded);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new PulmoException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new PulmoException("no annotation rows in " + csv + " (expected a header 'ImageId, EncodedPixels' "
                    + "and one row per image)");
        }
        return rows;
    }

    /** Every {@code *.dcm} below {@code dicomRoot} by file stem. */
    private static Map<String, Path> dicomsByStem(Path dicomRoot) {
        Map<String, Path> out = new HashMap<>();
        try (Stream<Path> walk = Files.walk(dicomRoot)) {
            walk.filter(Files::isRegularFile).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !name.toLowerCase(Locale.ROOT).endsWith(".dcm")) {
                    return;
                }
                Path previous = out.putIfAbsent(name.substring(0, name.length() - 4), p);
                if (previous != null) {
                    throw new PulmoException("two DICOM files for one ImageId: " + previous + " and " + p);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new PulmoException("cannot list " + dicomRoot + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** What {@link #export} wrote. */
    public record ExportSummary(int images, int withPneumothorax, int rows, Path csv) {
    }

    /**
     * Converts a {@code pneumothorax}-layout dataset (every split) into the SIIM layout under {@code outRoot}, so that
     * both formats of one dataset can be checked against each other.
     *
     * <ul>
     *   <li>Each PNG image becomes {@code dicom-images-train/<study>/<series>/<stem>.dcm} written by
     *       {@link DicomWriter}: 8-bit PNG → 8-bit DICOM, 16-bit PNG → 16-bit DICOM (1-, 2- and 4-bit PNGs are
     *       stretched to 8 bits, colour to its luma), MONOCHROME2, slope 1, intercept 0.</li>
     *   <li>{@code ImageId} is the PNG's file stem. The DICOM's SOP Instance UID is the stem when it is a valid UID
     *       (the phantom's stems are, e.g. {@code 1.2.276.0.7230010.3.1.4.17}); otherwise the file is still named
     *       {@code <stem>.dcm} and listed under the stem, and only the UID inside it is
     *       {@link Uids#fromName}{@code ("sop", stem)}. Study, series and patient are per image and deterministic:
     *       {@code fromName("study", stem)}, {@code fromName("series", stem)}, Patient ID = the stem.</li>
     *   <li>{@code train-rle.csv} (header {@code ImageId, EncodedPixels}, {@code ", "} separated as the real file)
     *       gets one row per 8-connected region of the mask ({@link Rle#encodeRegions}), or one row {@code -1} for an
     *       empty mask; rows sorted by {@code ImageId}.</li>
     * </ul>
     * Every DICOM is written to a temporary file and moved into place, and the CSV is written last the same way, so
     * an interrupted export never leaves a {@code train-rle.csv} naming images that are not there. Existing files at
     * the same paths are replaced (the UIDs are deterministic, so re-exporting is idempotent); other files in
     * {@code outRoot} are left alone.
     *
     * @throws PulmoException for an invalid source dataset (naming the file): pairing errors, two images with one
     *                        stem in different splits, unreadable PNGs, an image and mask of different sizes
     * @throws IOException    when writing fails
     */
    public static ExportSummary export(Path pneumothoraxRoot, Path outRoot) throws IOException {
        Map<String, SegmentationItem> byStem = new TreeMap<>();
        for (List<SegmentationItem> split : SegmentationLayouts.pneumothorax(pneumothoraxRoot).values()) {
            for (SegmentationItem item : split) {
                SegmentationItem previous = byStem.putIfAbsent(item.group(), item);
                if (previous != null) {
                    throw new PulmoException("two images with the stem " + item.group() + " (SIIM's ImageId must be "
                            + "unique): " + previous.image() + " and " + item.image());
                }
            }
        }
        Path dicomRoot = outRoot.resolve(DICOM_DIR);
        StringBuilder csv = new StringBuilder("ImageId, EncodedPixels\n");
        int positive = 0;
        int rows = 0;
        for (Map.Entry<String, SegmentationItem> e : byStem.entrySet()) {
            String stem = e.getKey();
            SegmentationItem item = e.getValue();
            Gray image = readImage(item.image());
            Gray mask = readImage(item.mask());
            if (mask.width() != image.width() || mask.height() != image.height()) {
                throw new PulmoException("mask " + item.mask() + " is " + mask.width() + "×" + mask.height()
                        + ", image " + item.image() + " is " + image.width() + "×" + image.height());
            }
            String sop = Uids.isValid(stem) ? stem : Uids.fromName("sop", stem);
            String study = Uids.fromName("study", stem);
            String series = Uids.fromName("series", stem);
            DicomWriter.write(dicomRoot.resolve(study).resolve(series).resolve(stem + ".dcm"),
                    DicomWriter.Pixels.monochrome2(image.width(), image.height(), image.bits(), image.values()),
                    new DicomWriter.Ids(sop, study, series, patientId(stem)));
            byte[] binary = new byte[mask.values().length];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) (mask.values()[i] > 0 ? 1 : 0);
            }
            List<String> regions = Rle.encodeRegions(binary, mask.width(), mask.height());
            if (!regions.get(0).equals(Rle.EMPTY)) {
                positive++;
            }
            for (String rle : regions) {
                csv.append(stem).append(", ").append(rle).append('\n');
                rows++;
            }
        }
        Path target = outRoot.resolve(CSV).toAbsolutePath();
        AtomicFiles.write(target, csv.toString().getBytes(StandardCharsets.UTF_8));
        LOG.info("SIIM export: {} images ({} with pneumothorax), {} rows in {}", byStem.size(), positive, rows, target);
        return new ExportSummary(byStem.size(), positive, rows, target);
    }

    /** A Patient ID (LO) from a file stem: at most 64 printable ASCII characters, no backslash. */
    private static String patientId(String stem) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < stem.length() && sb.length() < 64; i++) {
            char c = stem.charAt(i);
            sb.append(c >= ' ' && c <= '~' && c != '\\' ? c : '_');
        }
        return sb.toString().strip();
    }

    /** A greyscale image's samples, row-major, at 8 or 16 bits. */
    record Gray(int width, int height, int bits, int[] values) {
    }

    /**
     * Reads a PNG as greyscale samples: 16-bit grey stays 16-bit, 8-bit grey 8-bit, 1/2/4-bit grey is stretched to
     * 8 bits, palette and colour images become their 8- or 16-bit luma {@code 0.299 R + 0.587 G + 0.114 B} (alpha
     * ignored).
     */
    static Gray readImage(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new PulmoException("unreadable image: " + file + " (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new PulmoException("unreadable image: " + file + " (not a PNG ImageIO can read)");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        int sampleBits = r.getSampleModel().getSampleSize(0);
        int[] v = new int[w * h];
        if (img.getColorModel() instanceof IndexColorModel || (bands >= 3 && sampleBits <= 8)) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    v[y * w + x] = luma((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
                }
            }
            return new Gray(w, h, 8, v);
        }
        if (bands >= 3) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[y * w + x] = luma(r.getSample(x, y, 0), r.getSample(x, y, 1), r.getSample(x, y, 2));
                }
            }
            return new Gray(w, h, 16, v);
        }
        r.getSamples(0, 0, w, h, 0, v);
        if (sampleBits > 8) {
            return new Gray(w, h, 16, v);
        }
        if (sampleBits < 8) {
            int max = (1 << sampleBits) - 1;
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.round(v[i] * 255f / max);
            }
        }
        return new Gray(w, h, 8, v);
    }

    private static int luma(int red, int green, int blue) {
        return (int) Math.round(0.299 * red + 0.587 * green + 0.114 * blue);
    }
}
