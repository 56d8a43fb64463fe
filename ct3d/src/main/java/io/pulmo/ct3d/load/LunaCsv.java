package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * LUNA16's CSV files and the book's malignancy file, read and written.
 *
 * <ul>
 *   <li>{@value #CANDIDATES}: {@code seriesuid,coordX,coordY,coordZ,class} ({@code class} 0 or 1);</li>
 *   <li>{@value #ANNOTATIONS}: {@code seriesuid,coordX,coordY,coordZ,diameter_mm};</li>
 *   <li>{@value #MALIGNANCY}: {@code seriesuid,coordX,coordY,coordZ,diameter_mm,mal_bool,mal_details,bboxLowX,
 *       bboxLowY,bboxLowZ,bboxHighX,bboxHighY,bboxHighZ,len_mal_details} ({@code mal_bool} is Python's
 *       {@code True}/{@code False}, {@code mal_details} a quoted list such as {@code "[4, 2, 4, 2]"}).</li>
 * </ul>
 * Reading: the first line is a header; columns are found by name, in any order; other columns are ignored; in
 * the malignancy file {@code mal_details} and the six {@code bbox*} columns are optional. A missing column is
 * an error naming the file; a bad value is an error naming {@code file:line}, the column and the value.
 * Writing: the header and columns above, {@code \n} line ends, numbers in their shortest exact decimal form.
 */
public final class LunaCsv {

    public static final String CANDIDATES = "candidates.csv";
    public static final String ANNOTATIONS = "annotations.csv";
    public static final String MALIGNANCY = "annotations_with_malignancy.csv";

    static final String[] CANDIDATE_COLUMNS = {"seriesuid", "coordX", "coordY", "coordZ", "class"};
    static final String[] ANNOTATION_COLUMNS = {"seriesuid", "coordX", "coordY", "coordZ", "diameter_mm"};
    static final String[] MALIGNANCY_COLUMNS = {"seriesuid", "coordX", "coordY", "coordZ", "diameter_mm",
        "mal_bool", "mal_details", "bboxLowX", "bboxLowY", "bboxLowZ", "bboxHighX", "bboxHighY", "bboxHighZ",
        "len_mal_details"};
    private static final String[] BBOX = {"bboxLowX", "bboxLowY", "bboxLowZ", "bboxHighX", "bboxHighY", "bboxHighZ"};

    private static final CSVFormat READ = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).build();
    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

    private LunaCsv() {
    }

    // ------------------------------------------------------------------ reading

    /** Reads {@value #CANDIDATES}. */
    public static List<LunaCandidate> readCandidates(Path csv) {
        List<LunaCandidate> out = new ArrayList<>();
        read(csv, new String[] {"seriesuid", "coordX", "coordY", "coordZ", "class"}, row -> {
            String cls = row.text("class");
            boolean nodule = switch (cls) {
                case "1" -> true;
                case "0" -> false;
                default -> throw row.bad("class", cls, "0 or 1");
            };
            out.add(new LunaCandidate(row.uid(), row.xyz("coordX", "coordY", "coordZ"), nodule));
        });
        return out;
    }

    /** Reads {@value #ANNOTATIONS} (or LUNA16's {@code annotations_excluded.csv}, same columns). */
    public static List<LunaNodule> readAnnotations(Path csv) {
        List<LunaNodule> out = new ArrayList<>();
        read(csv, ANNOTATION_COLUMNS, row -> out.add(new LunaNodule(row.uid(), row.xyz("coordX", "coordY", "coordZ"),
                row.number("diameter_mm"))));
        return out;
    }

    /** Reads the book's {@value #MALIGNANCY}. */
    public static List<MalignancyAnnotation> readMalignancy(Path csv) {
        List<MalignancyAnnotation> out = new ArrayList<>();
        read(csv, new String[] {"seriesuid", "coordX", "coordY", "coordZ", "diameter_mm", "mal_bool"}, row -> {
            String mal = row.text("mal_bool");
            boolean malignant = switch (mal.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw row.bad("mal_bool", mal, "True or False");
            };
            List<Integer> ratings = row.has("mal_details") ? row.ratings("mal_details") : List.of();
            XyzMm low = null;
            XyzMm high = null;
            if (row.hasAll(BBOX)) {
                low = row.xyz("bboxLowX", "bboxLowY", "bboxLowZ");
                high = row.xyz("bboxHighX", "bboxHighY", "bboxHighZ");
            }
            out.add(new MalignancyAnnotation(row.uid(), row.xyz("coordX", "coordY", "coordZ"),
                    row.number("diameter_mm"), malignant, ratings, low, high));
        });
        return out;
    }

    /** One data row being read, with its file and line for messages. */
    private static final class Row {
        private final Path csv;
        private final Map<String, Integer> columns;
        private final CSVRecord record;
        private final long line;

        Row(Path csv, Map<String, Integer> columns, CSVRecord record, long line) {
            this.csv = csv;
            this.columns = columns;
            this.record = record;
            this.line = line;
        }

        boolean has(String column) {
            Integer k = columns.get(column);
            return k != null && k < record.size();
        }

        boolean hasAll(String... names) {
            for (String c : names) {
                if (!has(c)) {
                    return false;
                }
            }
            return true;
        }

        String text(String column) {
            if (!has(column)) {
                throw new PulmoException(csv + ":" + line + ": row has " + record.size() + " fields, no value for "
                        + "column '" + column + "'");
            }
            return record.get(columns.get(column));
        }

        String uid() {
            String uid = text("seriesuid");
            if (uid.isEmpty()) {
                throw bad("seriesuid", uid, "a series UID");
            }
            return uid;
        }

        double number(String column) {
            String v = text(column);
            try {
                double d = Double.parseDouble(v);
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw bad(column, v, "a finite number");
        }

        XyzMm xyz(String x, String y, String z) {
            return new XyzMm(number(x), number(y), number(z));
        }

        List<Integer> ratings(String column) {
            String v = text(column);
            String body = v.strip();
            if (!body.startsWith("[") || !body.endsWith("]")) {
                throw bad(column, v, "a list such as [4, 2, 4, 2]");
            }
            body = body.substring(1, body.length() - 1).strip();
            List<Integer> out = new ArrayList<>();
            if (body.isEmpty()) {
                return out;
            }
            for (String part : body.split(",")) {
                try {
                    out.add(Integer.parseInt(part.strip()));
                } catch (NumberFormatException e) {
                    throw bad(column, v, "a list of integers such as [4, 2, 4, 2]");
                }
            }
            return out;
        }

        PulmoException bad(String column, String value, String expected) {
            return new PulmoException(csv + ":" + line + ": column " + column + " is '" + value + "', expected "
                    + expected);
        }
    }

    private interface RowReader {
        void accept(Row row);
    }

    private static void read(Path csv, String[] required, RowReader reader) {
        if (!Files.isRegularFile(csv)) {
            throw new PulmoException("CSV file " + csv + " does not exist");
        }
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser parser = READ.parse(in)) {
            Map<String, Integer> columns = parser.getHeaderMap();
            if (columns == null) {
                throw new PulmoException(csv + " is empty; expected a header " + String.join(",", required));
            }
            for (String column : required) {
                if (!columns.containsKey(column)) {
                    throw new PulmoException(csv + ": missing column '" + column + "'; expected "
                            + String.join(",", required) + ", found " + String.join(",", parser.getHeaderNames()));
                }
            }
            for (CSVRecord record : parser) {
                reader.accept(new Row(csv, columns, record, parser.getCurrentLineNumber()));
            }
        } catch (IllegalArgumentException e) {
            throw new PulmoException(csv + ": " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new PulmoException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes {@value #CANDIDATES}. */
    public static void writeCandidates(Path csv, List<LunaCandidate> rows) throws IOException {
        write(csv, CANDIDATE_COLUMNS, p -> {
            for (LunaCandidate c : rows) {
                p.printRecord(c.seriesuid(), number(c.centre().x()), number(c.centre().y()),
                        number(c.centre().z()), c.nodule() ? "1" : "0");
            }
        });
    }

    /** Writes {@value #ANNOTATIONS}. */
    public static void writeAnnotations(Path csv, List<LunaNodule> rows) throws IOException {
        write(csv, ANNOTATION_COLUMNS, p -> {
            for (LunaNodule a : rows) {
                p.printRecord(a.seriesuid(), number(a.centre().x()), number(a.centre().y()),
                        number(a.centre().z()), number(a.diameterMm()));
            }
        });
    }

    /**
     * Writes the book's {@value #MALIGNANCY}; rows without a bounding box get empty {@code bbox*} fields.
     */
    public static void writeMalignancy(Path csv, List<MalignancyAnnotation> rows) throws IOException {
        write(csv, MALIGNANCY_COLUMNS, p -> {
            for (MalignancyAnnotation a : rows) {
                List<Object> r = new ArrayList<>(List.of(a.seriesuid(), number(a.centre().x()),
                        number(a.centre().y()), number(a.centre().z()), number(a.diameterMm()),
                        a.malignant() ? "True" : "False",
                        a.ratings().stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))));
                if (a.bboxLow() != null) {
                    r.addAll(List.of(number(a.bboxLow().x()), number(a.bboxLow().y()), number(a.bboxLow().z()),
                            number(a.bboxHigh().x()), number(a.bboxHigh().y()), number(a.bboxHigh().z())));
                } else {
                    r.addAll(List.of("", "", "", "", "", ""));
                }
                r.add(String.valueOf(a.ratings().size()));
                p.printRecord(r);
            }
        });
    }

    private interface Body {
        void print(CSVPrinter printer) throws IOException;
    }

    private static void write(Path csv, String[] header, Body body) throws IOException {
        Path parent = csv.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             CSVPrinter p = new CSVPrinter(w, WRITE)) {
            p.printRecord((Object[]) header);
            body.print(p);
        }
    }

    /** Shortest exact decimal, no exponent: {@code -128.6994211}, {@code 5}. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
