package io.pulmo.common.run;

import io.pulmo.common.PulmoException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@code history.csv}: {@code epoch,lr,train_loss,val_loss,val_<metric>...}; empty cells for NaN. */
public final class HistoryCsv {
    private HistoryCsv() {
    }

    public static void write(Path file, List<HistoryRow> rows) {
        List<String> header = new ArrayList<>(List.of("epoch", "lr", "train_loss", "val_loss"));
        if (!rows.isEmpty()) {
            rows.get(0).metrics().keySet().forEach(k -> header.add("val_" + k));
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).build())) {
            for (HistoryRow r : rows) {
                List<Object> cells = new ArrayList<>(List.of(r.epoch(), num(r.lr()), num(r.trainLoss()), num(r.valLoss())));
                for (String column : header.subList(4, header.size())) {
                    Double v = r.metrics().get(column.substring(4));
                    cells.add(v == null ? "" : num(v));
                }
                p.printRecord(cells);
            }
            AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PulmoException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<HistoryRow> read(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            List<HistoryRow> rows = new ArrayList<>();
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (String h : r.getParser().getHeaderNames()) {
                    if (h.startsWith("val_") && !h.equals("val_loss")) {
                        metrics.put(h.substring(4), parse(r.get(h)));
                    }
                }
                rows.add(new HistoryRow(Integer.parseInt(r.get("epoch")), parse(r.get("lr")), parse(r.get("train_loss")),
                        parse(r.get("val_loss")), metrics));
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            throw new PulmoException("unreadable history " + file + ": " + e.getMessage(), e);
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static double parse(String s) {
        return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
