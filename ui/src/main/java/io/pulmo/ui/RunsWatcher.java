package io.pulmo.ui;

import io.pulmo.common.run.RunInfo;
import io.pulmo.common.runs.RunRecord;
import io.pulmo.common.runs.RunStore;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a dashboard's training pages in step with the runs directories: every few seconds it attaches the
 * {@code stats.bin} of each run that is not training any more and is not attached yet, so runs that appear while
 * {@code pulmo ui} is up show without a restart. A run still training is left alone (DL4J locks the file while it
 * writes it); it shows live through the remote receiver instead ({@link LiveDashboard}), and a finished run whose
 * session already arrived that way is not attached twice.
 */
public final class RunsWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunsWatcher.class);

    private final DashboardServer server;
    private final List<Path> roots;
    private final StatsStorage live;
    private final Set<Path> seen = new HashSet<>();
    private ScheduledExecutorService timer;

    /**
     * @param live the storage the remote receiver fills, or null
     */
    public RunsWatcher(DashboardServer server, List<Path> roots, StatsStorage live) {
        this.server = server;
        this.roots = List.copyOf(roots);
        this.live = live;
    }

    /** Scans now, then every {@code periodMillis} on a daemon thread. */
    public RunsWatcher start(long periodMillis) {
        scan();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pulmo-runs-watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::scanQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Attaches the stats of every finished, failed or interrupted run not seen before; returns how many. */
    public synchronized int scan() {
        int added = 0;
        for (RunRecord run : RunStore.list(roots)) {
            Path stats = run.dir().resolve("stats.bin");
            if (seen.contains(stats) || !Files.isRegularFile(stats)
                    || RunInfo.RUNNING.equals(run.info().liveStatus())) {
                continue;
            }
            seen.add(stats);
            FileStatsStorage storage = new FileStatsStorage(stats.toFile());
            if (live != null && storage.listSessionIDs().stream().anyMatch(live.listSessionIDs()::contains)) {
                close(storage);
                continue;
            }
            server.attach(storage);
            added++;
            log.info("dashboard: attached {}", run.id());
        }
        return added;
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            log.warn("scanning {} for runs failed: {}", roots, e.toString());
        }
    }

    private static void close(StatsStorage storage) {
        try {
            storage.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", storage, e.toString());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
