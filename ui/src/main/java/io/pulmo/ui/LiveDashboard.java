package io.pulmo.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.PulmoException;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.core.storage.impl.RemoteUIStatsStorageRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;

/**
 * How a training finds a dashboard that {@code pulmo ui} serves in another process, and posts its statistics there.
 *
 * <p>{@code pulmo ui RUNS_DIR} writes {@value #BEACON} into each runs directory it watches: the dashboard's address
 * and process id. A run looks for that file in its run directory's parents ({@link #find}); when the process is alive
 * and answers, the run's statistics go to its own {@code stats.bin} <i>and</i>, through DL4J's
 * {@link RemoteUIStatsStorageRouter}, to the dashboard's {@code /remoteReceive} ({@link #tee}). A
 * {@code FileStatsStorage} is locked while training writes it, so this is how the other process sees live curves.
 */
public final class LiveDashboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveDashboard.class);
    /** The file {@code pulmo ui} writes into each runs directory it serves. */
    public static final String BEACON = ".pulmo-ui.json";
    /** How many parents of a run directory are searched for {@link #BEACON}. */
    static final int SEARCH_DEPTH = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DRAIN_TIMEOUT_MS = 5000;

    private final String url;
    private final RemoteUIStatsStorageRouter remote;

    private LiveDashboard(String url) {
        this.url = url;
        this.remote = new RemoteUIStatsStorageRouter(url);
    }

    /** Writes {@code runsDir/.pulmo-ui.json} for {@code server}; the file is removed when the JVM exits. */
    public static Path writeBeacon(Path runsDir, DashboardServer server) {
        Map<String, Object> beacon = new LinkedHashMap<>();
        beacon.put("url", server.baseUrl());
        beacon.put("pid", ProcessHandle.current().pid());
        beacon.put("overview", server.overviewUrl());
        beacon.put("compare", server.comparisonUrl());
        Path file = runsDir.resolve(BEACON);
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(beacon), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PulmoException("cannot write " + file + ": " + e.getMessage(), e);
        }
        file.toFile().deleteOnExit();
        return file;
    }

    /**
     * The dashboard serving {@code runDir}'s runs directory, if a {@value #BEACON} in one of its parents names a live
     * process that answers on loopback.
     */
    public static Optional<LiveDashboard> find(Path runDir) {
        Path p = runDir.toAbsolutePath().normalize();
        for (int i = 0; i <= SEARCH_DEPTH && p != null; i++, p = p.getParent()) {
            Path beacon = p.resolve(BEACON);
            if (Files.isRegularFile(beacon)) {
                Optional<String> url = liveUrl(beacon);
                if (url.isPresent()) {
                    log.info("posting training statistics to the dashboard at {} ({})", url.get(), beacon);
                    return Optional.of(new LiveDashboard(url.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> liveUrl(Path beacon) {
        try {
            JsonNode node = JSON.readTree(beacon.toFile());
            String url = node.path("url").asText("");
            long pid = node.path("pid").asLong(-1);
            if (!url.startsWith("http://127.0.0.1:") || pid <= 0
                    || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                log.debug("ignoring stale dashboard beacon {}", beacon);
                return Optional.empty();
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/pulmo/api/runs"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? Optional.of(url) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.debug("ignoring dashboard beacon {}: {}", beacon, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The dashboard's address, e.g. {@code http://127.0.0.1:9000}. */
    public String url() {
        return url;
    }

    /** A router that stores into {@code local} and posts the same records to this dashboard. */
    public StatsStorageRouter tee(StatsStorageRouter local) {
        return new Tee(local, remote);
    }

    /** Waits (up to 5 s) until the posted records have left, then stops posting. */
    @Override
    public void close() {
        long end = System.currentTimeMillis() + DRAIN_TIMEOUT_MS;
        BlockingQueue<?> queue = pending();
        while (queue != null && !queue.isEmpty() && System.currentTimeMillis() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        remote.shutdown();
    }

    /** DL4J's router keeps its outgoing records in a private queue; null when it cannot be read. */
    private BlockingQueue<?> pending() {
        try {
            Field f = RemoteUIStatsStorageRouter.class.getDeclaredField("queue");
            f.setAccessible(true);
            return (BlockingQueue<?>) f.get(remote);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Sends every record to both routers. */
    private record Tee(StatsStorageRouter a, StatsStorageRouter b) implements StatsStorageRouter {
        @Override
        public void putStorageMetaData(StorageMetaData m) {
            a.putStorageMetaData(m);
            b.putStorageMetaData(m);
        }

        @Override
        public void putStorageMetaData(Collection<? extends StorageMetaData> m) {
            a.putStorageMetaData(m);
            b.putStorageMetaData(m);
        }

        @Override
        public void putStaticInfo(Persistable p) {
            a.putStaticInfo(p);
            b.putStaticInfo(p);
        }

        @Override
        public void putStaticInfo(Collection<? extends Persistable> p) {
            a.putStaticInfo(p);
            b.putStaticInfo(p);
        }

        @Override
        public void putUpdate(Persistable p) {
            a.putUpdate(p);
            b.putUpdate(p);
        }

        @Override
        public void putUpdate(Collection<? extends Persistable> p) {
            a.putUpdate(p);
            b.putUpdate(p);
        }
    }
}
