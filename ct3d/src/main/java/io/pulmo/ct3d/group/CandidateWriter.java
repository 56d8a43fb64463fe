package io.pulmo.ct3d.group;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Writes grouped candidates as CSV, one row per component, under the header
 * {@value #HEADER}: the centre in patient coordinates (millimetres, LUNA16's
 * {@code coordX,coordY,coordZ}), the same centre in array coordinates and the voxel count. Coordinates
 * are written with {@value #DECIMALS} decimals, the count as an integer. Rows of several series can go to
 * one file: the header is written once, when the writer opens.
 *
 * <p>The conversion from array to patient coordinates belongs to the volume's geometry, so the caller
 * supplies it: a function from {@code {index, row, col}} to {@code {x, y, z}}.
 */
public final class CandidateWriter implements Closeable {

    public static final String HEADER = "seriesuid,coordX,coordY,coordZ,index,row,col,voxels";
    public static final int DECIMALS = 4;
    private static final String NUMBER = "%." + DECIMALS + "f";

    private final Writer out;
    private long rows;

    /** A writer onto {@code out}; writes the header now. Closing this closes {@code out}. */
    public CandidateWriter(Writer out) throws IOException {
        this.out = out;
        out.write(HEADER);
        out.write('\n');
    }

    /** Creates (or replaces) {@code csv}, making its parent directories, and writes the header. */
    public static CandidateWriter open(Path csv) throws IOException {
        Path parent = csv.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        try {
            return new CandidateWriter(writer);
        } catch (IOException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Writes one row per component of one series.
     *
     * @param seriesuid  the series, e.g. the heat map's file stem; must not contain a comma, quote or line break
     * @param components the components, in the order to write
     * @param ircToXyz   array coordinates {@code {index, row, col}} → patient coordinates {@code {x, y, z}} in mm
     * @throws IllegalArgumentException when the series id cannot be written unquoted or the conversion does not
     *                                  return three finite numbers
     */
    public void write(String seriesuid, List<CandidateComponent> components, UnaryOperator<double[]> ircToXyz)
            throws IOException {
        if (seriesuid == null || seriesuid.isEmpty() || seriesuid.chars().anyMatch(ch -> ch == ',' || ch == '"'
                || ch == '\n' || ch == '\r')) {
            throw new IllegalArgumentException("seriesuid must be non-empty without commas, quotes or line breaks, got '"
                    + seriesuid + "'");
        }
        for (CandidateComponent c : components) {
            double[] xyz = ircToXyz.apply(c.irc());
            if (xyz == null || xyz.length != 3 || !Double.isFinite(xyz[0]) || !Double.isFinite(xyz[1])
                    || !Double.isFinite(xyz[2])) {
                throw new IllegalArgumentException("IRC → XYZ conversion of component " + c.label() + " at ("
                        + c.index() + ", " + c.row() + ", " + c.col() + ") must give three finite numbers, got "
                        + java.util.Arrays.toString(xyz));
            }
            out.write(seriesuid);
            for (double v : new double[] {xyz[0], xyz[1], xyz[2], c.index(), c.row(), c.col()}) {
                out.write(',');
                out.write(String.format(Locale.ROOT, NUMBER, v));
            }
            out.write(',');
            out.write(Long.toString(c.voxels()));
            out.write('\n');
            rows++;
        }
    }

    /** Rows written so far, header excluded. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
