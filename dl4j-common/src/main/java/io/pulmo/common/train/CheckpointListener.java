package io.pulmo.common.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pulmo.common.PulmoException;
import io.pulmo.common.run.AtomicFiles;
import io.pulmo.common.run.HistoryRow;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves {@code checkpoints/last.zip} (with updater state, for {@code --resume}) and {@code state.json} after every
 * epoch, and
 * {@code best.zip} (plus {@code epoch-N.zip}, the newest {@code keep_improved} kept) whenever the monitored metric
 * improves. Files are written beside their final name and moved
 * into place, so a kill never leaves a half-written checkpoint.
 */
public final class CheckpointListener implements TrainListener {
    public static final String LAST = "last.zip";
    public static final String BEST = "best.zip";
    public static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final int keepImproved;

    /** Keeps no {@code epoch-N.zip}. */
    public CheckpointListener(Path dir) {
        this(dir, 0);
    }

    /**
     * @param keepImproved how many {@code epoch-N.zip} (written whenever the monitored metric improves) stay on disk,
     *                     the newest; 0 = none
     */
    public CheckpointListener(Path dir, int keepImproved) {
        this.dir = dir;
        this.keepImproved = keepImproved;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, HistoryRow row) {
        try {
            Files.createDirectories(dir);
            save(ctx.model(), dir.resolve(LAST), true);
            if (ctx.state().getBestEpoch() == row.epoch()) {
                save(ctx.model(), dir.resolve(BEST), false);
                if (keepImproved > 0) {
                    Files.copy(dir.resolve(BEST), dir.resolve("epoch-" + row.epoch() + ".zip"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    pruneImproved();
                }
            }
            AtomicFiles.write(dir.resolve(STATE), JSON.writeValueAsBytes(ctx.state()));
        } catch (IOException e) {
            throw new PulmoException("cannot write checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void pruneImproved() throws IOException {
        java.util.List<Path> kept;
        try (var files = Files.list(dir)) {
            kept = files.filter(f -> f.getFileName().toString().matches("epoch-\\d+\\.zip"))
                    .sorted(java.util.Comparator.comparingInt(CheckpointListener::epochOf)).toList();
        }
        for (int i = 0; i < kept.size() - keepImproved; i++) {
            Files.deleteIfExists(kept.get(i));
        }
    }

    private static int epochOf(Path f) {
        String n = f.getFileName().toString();
        return Integer.parseInt(n.substring(6, n.length() - 4));
    }

    /**
     * Reads a {@code ComputationGraph} checkpoint.
     *
     * @throws PulmoException naming the file when it is missing or unreadable
     */
    public static ComputationGraph restore(Path file, boolean withUpdater) {
        if (!Files.isRegularFile(file)) {
            throw new PulmoException("checkpoint not found: " + file);
        }
        try {
            return ModelSerializer.restoreComputationGraph(file.toFile(), withUpdater);
        } catch (IOException | RuntimeException e) {
            throw new PulmoException("unreadable checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a model with its updater state, atomically. */
    public static void save(ComputationGraph model, Path file) throws IOException {
        save(model, file, true);
    }

    /**
     * Writes a model atomically; {@code withUpdater} adds the optimiser state (needed to resume, so in
     * {@code last.zip}; {@code best.zip} and {@code epoch-N.zip} leave it out and are a third of the size with Adam).
     */
    public static void save(ComputationGraph model, Path file, boolean withUpdater) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ModelSerializer.writeModel(model, tmp.toFile(), withUpdater);
        AtomicFiles.move(tmp, file);
    }

    /** Reads {@code state.json}. */
    public static TrainingState readState(Path dir) {
        Path f = dir.resolve(STATE);
        try {
            return JSON.readValue(f.toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new PulmoException("cannot resume: unreadable " + f + " (" + e.getMessage() + ")", e);
        }
    }
}
