package io.pulmo.common.phantom;

import io.pulmo.common.PulmoException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/** The phantoms by kind, as {@code pulmo phantom KIND} and {@code data.phantom.kind} name them. */
public final class Phantoms {
    /** The kinds that can be written. */
    public static final List<String> KINDS = List.of("xray", "ctslice", "pneumothorax");
    /** Kinds written by another module through a {@link PhantomWriter}: {@code luna} by ct3d's {@code LunaPhantom}. */
    public static final List<String> LATER = List.of("luna");

    /**
     * A phantom written by a module that {@code dl4j-common} cannot depend on, found with {@link ServiceLoader}
     * ({@code META-INF/services/io.pulmo.common.phantom.Phantoms$PhantomWriter}).
     */
    public interface PhantomWriter {
        /** The kind it writes, one of {@link #LATER}. */
        String kind();

        PhantomSummary write(Path out, int n, int size, long seed) throws IOException;
    }

    private Phantoms() {
    }

    /**
     * Writes a phantom of {@code kind}.
     *
     * @throws PulmoException for an unknown kind or bad arguments, or when writing fails, naming the directory
     */
    public static PhantomSummary write(String kind, Path out, int n, int size, long seed) {
        try {
            return switch (kind) {
                case "xray" -> XrayPhantom.write(out, n, size, seed);
                case "ctslice" -> CtSlicePhantom.write(out, n, size, seed);
                case "pneumothorax" -> PneumothoraxPhantom.write(out, n, size, seed);
                default -> writer(kind).write(out, n, size, seed);
            };
        } catch (IllegalArgumentException e) {
            throw new PulmoException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PulmoException("cannot write phantom into " + out + ": " + e.getMessage(), e);
        }
    }

    private static PhantomWriter writer(String kind) {
        for (PhantomWriter w : ServiceLoader.load(PhantomWriter.class, Phantoms.class.getClassLoader())) {
            if (w.kind().equals(kind)) {
                return w;
            }
        }
        throw new PulmoException(LATER.contains(kind)
                ? "phantom kind '" + kind + "' needs the ct3d module on the class path"
                : "unknown phantom kind '" + kind + "'; known: " + String.join(", ", KINDS) + ", "
                + String.join(", ", LATER));
    }
}
