package io.pulmo.common.phantom;

import io.pulmo.common.PulmoException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The phantoms by kind, as {@code pulmo phantom KIND} and {@code data.phantom.kind} name them. */
public final class Phantoms {
    /** The kinds that can be written. */
    public static final List<String> KINDS = List.of("xray", "ctslice", "pneumothorax");
    /** Kinds written elsewhere: {@code luna} by the ct3d module's {@code LunaPhantom}. */
    public static final List<String> LATER = List.of("luna");

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
                default -> throw new PulmoException(LATER.contains(kind)
                        ? "phantom kind '" + kind + "' is not available here (data.phantom knows "
                        + String.join(", ", KINDS) + "; write it with: pulmo phantom " + kind + ")"
                        : "unknown phantom kind '" + kind + "'; known: " + String.join(", ", KINDS) + ", "
                        + String.join(", ", LATER));
            };
        } catch (IllegalArgumentException e) {
            throw new PulmoException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PulmoException("cannot write phantom into " + out + ": " + e.getMessage(), e);
        }
    }
}
