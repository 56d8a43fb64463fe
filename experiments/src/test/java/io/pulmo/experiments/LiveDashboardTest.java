package io.pulmo.experiments;

import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.ui.DashboardServer;
import io.pulmo.ui.LiveDashboard;
import io.pulmo.ui.RunsWatcher;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training that finds {@code pulmo ui}'s beacon in its runs directory posts its statistics to that dashboard
 * (the same records as its own {@code stats.bin}); the dashboard's watcher then does not attach the run twice, and a
 * dashboard started later attaches the finished run from its file.
 */
class LiveDashboardTest {

    @TempDir
    Path tmp;

    @Test
    void aRunPostsItsStatisticsToTheDashboardServingItsRunsDirectory() throws Exception {
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        Path data = Fixtures.xray(tmp.resolve("xray"), 60, 32, 3);
        var config = ConfigLoader.load(Fixtures.config(tmp, "live", data, 32, 2, null)).variants().get(0).config();
        RunDirectory dir = RunDirectory.allocate(runs, "live", false);

        String session;
        try (DashboardServer server = DashboardServer.start(0)) {
            server.serveRuns(List.of(runs));
            InMemoryStatsStorage live = new InMemoryStatsStorage();
            server.enableRemoteReceiver(live);
            LiveDashboard.writeBeacon(runs, server);

            ExperimentRunner.run(config, dir, null, false, null); // no dashboard of its own

            FileStatsStorage file = new FileStatsStorage(dir.stats().toFile());
            assertThat(file.listSessionIDs()).hasSize(1);
            session = file.listSessionIDs().get(0);
            int expected = updates(file, session);
            assertThat(expected).isPositive();
            long deadline = System.currentTimeMillis() + 20_000;
            while (updates(live, session) < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(live.listSessionIDs()).containsExactly(session);
            assertThat(updates(live, session)).isEqualTo(expected);
            file.close();

            try (RunsWatcher watcher = new RunsWatcher(server, List.of(runs), live)) {
                assertThat(watcher.scan()).as("a run already shown live is not attached again").isZero();
            }
        }
        Files.delete(runs.resolve(LiveDashboard.BEACON));
        assertThat(LiveDashboard.find(dir.dir())).isEmpty();

        try (DashboardServer later = DashboardServer.start(0);
             RunsWatcher watcher = new RunsWatcher(later, List.of(runs), new InMemoryStatsStorage())) {
            assertThat(watcher.scan()).isEqualTo(1);
            assertThat(later.attachedStorages()).singleElement()
                    .satisfies(s -> assertThat(s.listSessionIDs()).containsExactly(session));
            assertThat(watcher.scan()).isZero();
        }
    }

    private static int updates(StatsStorage storage, String session) {
        int n = 0;
        for (String worker : storage.listWorkerIDsForSessionAndType(session, StatsListener.TYPE_ID)) {
            n += storage.getAllUpdatesAfter(session, StatsListener.TYPE_ID, worker, 0).size();
        }
        return n;
    }
}
