package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./pulmo ct3d info VOLUME} prints: one JSON object describing a MetaImage, with exactly the keys
 * of {@code CLI.md}, in this order:
 * <ul>
 *   <li>{@code dims}: {@code [x, y, z]} sizes (a 2-D image: {@code z = 1});</li>
 *   <li>{@code spacing}, {@code origin}: three numbers in mm (a 2-D image: z spacing 1, z origin 0, as ITK
 *       pads it);</li>
 *   <li>{@code direction}: {@code D} row-major, 9 numbers, as SimpleITK's {@code GetDirection()} of a 3-D
 *       image;</li>
 *   <li>{@code element_type}: the stored {@code ElementType}, e.g. {@code "MET_SHORT"};</li>
 *   <li>{@code min}, {@code max}: integers ({@code Long}) for integer types, {@code Double} for float types;
 *       NaN voxels are skipped; null when every voxel is NaN;</li>
 *   <li>{@code mean}: the mean voxel value ({@code Double}), exact sum for integer types.</li>
 * </ul>
 * The voxels stream through in 1 MiB pieces: memory stays small for any volume size.
 */
public final class VolumeInfo {

    private VolumeInfo() {
    }

    /**
     * The info object of {@code volume} ({@code .mhd} or {@code .mha}).
     *
     * @throws PulmoException naming the file on any problem with header or data
     */
    public static Map<String, Object> json(Path volume) {
        MetaImageHeader.Parsed parsed = MetaImageHeader.parse(volume);
        MetaImageHeader h = parsed.header();
        ElementType type = h.elementType();
        double[] tmp = new double[MetaImage.PIECE / type.bytes()];
        double[] minMax = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        long[] counts = {0L, 0L}; // [values counted, exact integer sum]
        double[] floatSum = {0.0};
        MetaImage.readPieces(volume, parsed, (buf, first, count) -> {
            MetaImage.decode(buf, type, tmp, count);
            double lo = minMax[0], hi = minMax[1];
            if (type.floating()) {
                double s = 0;
                int n = 0;
                for (int k = 0; k < count; k++) {
                    double v = tmp[k];
                    if (v != v) {
                        continue;
                    }
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    s += v;
                    n++;
                }
                floatSum[0] += s;
                counts[0] += n;
            } else {
                long s = 0;
                for (int k = 0; k < count; k++) {
                    double v = tmp[k];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    s += (long) v;
                }
                counts[1] += s;
                counts[0] += count;
            }
            minMax[0] = lo;
            minMax[1] = hi;
        });

        Geometry g = h.geometry();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dims", List.of(h.sizeX(), h.sizeY(), h.sizeZ()));
        out.put("spacing", List.of(g.spacing().x(), g.spacing().y(), g.spacing().z()));
        out.put("origin", List.of(g.origin().x(), g.origin().y(), g.origin().z()));
        double[] d = g.direction();
        out.put("direction", List.of(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]));
        out.put("element_type", type.name());
        boolean any = counts[0] > 0;
        if (type.floating()) {
            out.put("min", any ? minMax[0] : null);
            out.put("max", any ? minMax[1] : null);
            out.put("mean", any ? floatSum[0] / counts[0] : null);
        } else {
            out.put("min", (long) minMax[0]);
            out.put("max", (long) minMax[1]);
            out.put("mean", (double) counts[1] / counts[0]);
        }
        return out;
    }
}
