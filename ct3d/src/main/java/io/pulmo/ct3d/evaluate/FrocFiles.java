package io.pulmo.ct3d.evaluate;

import io.pulmo.common.PulmoException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files of {@code ./pulmo ct3d evaluate}: LUNA16's CSVs in, {@code froc.csv} and {@code froc.png} out.
 *
 * <ul>
 *   <li>detections: header with at least {@code seriesuid,coordX,coordY,coordZ,probability} (by name, any order,
 *       other columns ignored) — LUNA16's submission format;</li>
 *   <li>annotations and excluded annotations: at least {@code seriesuid,coordX,coordY,coordZ,diameter_mm};</li>
 *   <li>series list: one series per line in the first column, as LUNA16's {@code seriesuids.csv} (no header); a
 *       first line {@code seriesuid} is taken for a header and skipped;</li>
 *   <li>{@code froc.csv}: {@code fps_per_scan,sensitivity,threshold}, one row per curve point in order of
 *       decreasing threshold, the first threshold {@code inf}.</li>
 * </ul>
 *
 * <p>Unreadable files and bad values are {@link PulmoException}s naming the file, the data row (1 = the first
 * row after the header) and the column.
 */
public final class FrocFiles {

    public static final String CURVE_CSV = "froc.csv";
    public static final String CURVE_PNG = "froc.png";
    static final String CURVE_HEADER = "fps_per_scan,sensitivity,threshold";

    private static final CSVFormat WITH_HEADER = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).build();
    private static final CSVFormat NO_HEADER = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true)
            .build();

    private FrocFiles() {
    }

    /**
     * The whole command: reads the files, evaluates and, when {@code outDir} is given, writes
     * {@value #CURVE_CSV} and {@value #CURVE_PNG} there.
     *
     * @param detections  LUNA16 submission file
     * @param annotations {@code annotations.csv}
     * @param excluded    {@code annotations_excluded.csv}, or null
     * @param series      the series list, or null for {@link Froc#defaultSeries}
     * @param outDir      where to write the curve, or null
     * @return the evaluation; {@link FrocResult#toJson()} is the line to print
     * @throws PulmoException on a missing or malformed file, or when nothing is to be evaluated
     */
    public static FrocResult evaluate(Path detections, Path annotations, Path excluded, Path series, Path outDir) {
        List<LunaDetection> marks = readDetections(detections);
        List<LunaAnnotation> nodules = readAnnotations(annotations);
        List<LunaAnnotation> ignored = excluded == null ? List.of() : readAnnotations(excluded);
        List<String> scans = series == null ? null : readSeries(series);
        FrocResult result;
        try {
            result = Froc.evaluate(marks, nodules, ignored, scans);
        } catch (IllegalArgumentException e) {
            throw new PulmoException((series == null ? "" : series + ": ") + e.getMessage(), e);
        }
        if (outDir != null) {
            try {
                writeCurve(result.curve(), outDir.resolve(CURVE_CSV));
                FrocPlot.write(result, outDir.resolve(CURVE_PNG));
            } catch (IOException e) {
                throw new PulmoException("cannot write the FROC curve to " + outDir + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    /** Reads a LUNA16 submission file ({@code seriesuid,coordX,coordY,coordZ,probability}). */
    public static List<LunaDetection> readDetections(Path csv) {
        List<LunaDetection> out = new ArrayList<>();
        readRows(csv, new String[] {"seriesuid", "coordX", "coordY", "coordZ", "probability"}, (r, uid, v) ->
                out.add(new LunaDetection(uid, v[0], v[1], v[2], v[3])));
        return out;
    }

    /** Reads {@code annotations.csv} or {@code annotations_excluded.csv} ({@code seriesuid,coordX,coordY,coordZ,diameter_mm}). */
    public static List<LunaAnnotation> readAnnotations(Path csv) {
        List<LunaAnnotation> out = new ArrayList<>();
        readRows(csv, new String[] {"seriesuid", "coordX", "coordY", "coordZ", "diameter_mm"}, (r, uid, v) ->
                out.add(new LunaAnnotation(uid, v[0], v[1], v[2], v[3])));
        return out;
    }

    /** Reads a series list: the first column of every non-empty line, a leading {@code seriesuid} header skipped. */
    public static List<String> readSeries(Path csv) {
        List<String> out = new ArrayList<>();
        try (Reader in = open(csv); CSVParser parser = NO_HEADER.parse(in)) {
            for (CSVRecord record : parser) {
                String uid = record.get(0);
                if (uid.isEmpty() || (out.isEmpty() && record.getRecordNumber() == 1 && uid.equals("seriesuid"))) {
                    continue;
                }
                out.add(uid);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new PulmoException("unreadable series list " + csv + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new PulmoException("series list " + csv + " names no series");
        }
        return out;
    }

    /**
     * Writes the curve as {@value #CURVE_CSV} ({@code fps_per_scan,sensitivity,threshold}).
     *
     * @throws IOException when the file cannot be written
     */
    public static void writeCurve(FrocCurve curve, Path csv) throws IOException {
        Path parent = csv.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        double[] fps = curve.fpsPerScan();
        double[] sens = curve.sensitivity();
        double[] thresholds = curve.thresholds();
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write(CURVE_HEADER);
            out.write('\n');
            for (int k = 0; k < fps.length; k++) {
                out.write(String.format(Locale.ROOT, "%.9f,%.9f,%s%n", fps[k], sens[k], threshold(thresholds[k])));
            }
        }
    }

    private static String threshold(double t) {
        if (t == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        return String.format(Locale.ROOT, "%.9g", t);
    }

    private interface Row {
        void accept(CSVRecord record, String seriesuid, double[] values);
    }

    private static void readRows(Path csv, String[] columns, Row row) {
        try (Reader in = open(csv); CSVParser parser = WITH_HEADER.parse(in)) {
            List<String> header = parser.getHeaderNames();
            for (String column : columns) {
                if (!header.contains(column)) {
                    throw new PulmoException(csv + ": missing column '" + column + "'; expected "
                            + String.join(",", columns) + ", found " + String.join(",", header));
                }
            }
            double[] values = new double[columns.length - 1];
            for (CSVRecord record : parser) {
                if (!record.isConsistent()) {
                    throw new PulmoException(csv + ": data row " + record.getRecordNumber() + ": expected " + header.size()
                            + " columns, found " + record.size());
                }
                String uid = record.get(columns[0]);
                if (uid.isEmpty()) {
                    throw new PulmoException(csv + ": data row " + record.getRecordNumber() + ": empty " + columns[0]);
                }
                for (int k = 1; k < columns.length; k++) {
                    values[k - 1] = number(csv, record, columns[k]);
                }
                try {
                    row.accept(record, uid, values);
                } catch (IllegalArgumentException e) {
                    throw new PulmoException(csv + ": data row " + record.getRecordNumber() + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new PulmoException("unreadable CSV " + csv + ": " + e.getMessage(), e);
        }
    }

    private static double number(Path csv, CSVRecord record, String column) {
        String text = record.get(column);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new PulmoException(csv + ": data row " + record.getRecordNumber() + ": " + column + " '" + text + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new PulmoException(csv + ": data row " + record.getRecordNumber() + ": " + column + " must be finite, got '" + text + "'");
        }
        return value;
    }

    private static Reader open(Path csv) {
        try {
            return Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PulmoException("no such file: " + csv);
        } catch (IOException e) {
            throw new PulmoException("unreadable file " + csv + ": " + e.getMessage(), e);
        }
    }
}
