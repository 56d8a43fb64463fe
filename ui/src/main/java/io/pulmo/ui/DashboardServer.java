package io.pulmo.ui;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Pulmo dashboard: Deeplearning4j's own training UI (overview, model and system pages, their assets, and the
 * {@code /remoteReceive} endpoint used by {@link org.deeplearning4j.core.storage.impl.RemoteUIStatsStorageRouter}),
 * served on <b>127.0.0.1 only</b>.
 *
 * <h2>Why not {@code UIServer.getInstance()}</h2>
 * DL4J's {@code UIServer}/{@code VertxUIServer} has no host setting: it calls
 * {@code vertx.createHttpServer().listen(port, handler)}, and in Vert.x 3.9 that overload binds {@code 0.0.0.0},
 * i.e. every network interface. Anyone who can reach the machine could then read the training statistics and,
 * once the remote receiver is on, write into the attached storage. This class therefore runs DL4J's unmodified
 * UI verticle (a {@code VertxUIServer} subclass) in a Vert.x instance of its own, but hands the verticle a
 * {@link Vertx} view whose HTTP servers always listen on {@code 127.0.0.1} at the port chosen here (see
 * {@link LoopbackBinding}). DL4J's port system property ({@code org.deeplearning4j.ui.port}) is ignored.
 *
 * <h2>Ports</h2>
 * {@link #start(int)} binds {@code preferredPort}; when it is taken it tries {@code preferredPort + 1}, ... up to
 * {@code preferredPort + }{@value #PORT_SEARCH_SPAN} (capped at 65535) and then fails with an
 * {@link IllegalStateException}. {@code preferredPort == 0} takes any free port.
 *
 * <h2>One per JVM</h2>
 * DL4J's UI modules look the server up through the static {@code VertxUIServer.getInstance()}, so only one
 * dashboard can run in a JVM. {@link #start(int)} <b>throws {@link IllegalStateException}</b> while another
 * dashboard (or a DL4J {@code UIServer} started elsewhere) is running; {@link #running()} returns the running
 * one. {@link #close()} stops the server, frees the port and detaches every storage, after which
 * {@link #start(int)} works again.
 *
 * <p>Vert.x threads are not daemons: a started dashboard keeps the JVM alive until it is closed.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

    /** The only address the dashboard listens on. */
    public static final String HOST = LoopbackBinding.LOOPBACK;
    /** How many ports after the preferred one are tried. */
    public static final int PORT_SEARCH_SPAN = 100;
    private static final long START_TIMEOUT_S = 60;

    private static final Object LOCK = new Object();
    private static DashboardServer running; // guarded by LOCK

    private final LoopbackUIServer ui;
    private final int port;
    private final List<StatsStorage> attached = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private DashboardServer(LoopbackUIServer ui, int port) {
        this.ui = ui;
        this.port = port;
    }

    /**
     * Starts DL4J's UI on 127.0.0.1, at {@code preferredPort} or the next free port after it.
     *
     * @param preferredPort 1..65535, or 0 for any free port
     * @return the running dashboard; close it to stop the server
     * @throws IllegalArgumentException if the port is out of range
     * @throws IllegalStateException    if a dashboard or DL4J UI server is already running in this JVM, if no port
     *                                  in {@code preferredPort..preferredPort+100} is free, or the server fails to start
     */
    public static DashboardServer start(int preferredPort) {
        return start(preferredPort, HOST);
    }

    /**
     * As {@link #start(int)}, on the interface {@code host} instead of loopback ({@code 0.0.0.0} = all). Anyone who
     * can reach that interface can read the runs and post statistics: callers warn the user.
     */
    public static DashboardServer start(int preferredPort, String host) {
        if (preferredPort < 0 || preferredPort > 0xFFFF) {
            throw new IllegalArgumentException("dashboard port must be 0..65535, got " + preferredPort);
        }
        synchronized (LOCK) {
            if (running != null && !running.closed) {
                throw new IllegalStateException("a Pulmo dashboard is already running in this JVM at "
                        + running.overviewUrl() + "; close it before starting another");
            }
            VertxUIServer other = VertxUIServer.getInstance();
            if (other != null && !other.isStopped()) {
                throw new IllegalStateException("a DL4J UIServer is already running in this JVM (listening on all "
                        + "interfaces); stop it (UIServer.stopInstance()) before starting the dashboard");
            }

            int last = preferredPort == 0 ? 0 : Math.min(0xFFFF, preferredPort + PORT_SEARCH_SPAN);
            LoopbackBinding.PortPlan plan = new LoopbackBinding.PortPlan(preferredPort, last);
            plan.host = Objects.requireNonNull(host, "host");
            long t0 = System.currentTimeMillis();
            Vertx vertx = Vertx.vertx();
            LoopbackUIServer ui = new LoopbackUIServer(plan); // becomes VertxUIServer.getInstance()
            CompletableFuture<String> deployed = new CompletableFuture<>();
            vertx.deployVerticle(ui, ar -> {
                if (ar.succeeded()) {
                    deployed.complete(ar.result());
                } else {
                    deployed.completeExceptionally(ar.cause());
                }
            });
            Throwable failure = null;
            try {
                deployed.get(START_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (TimeoutException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            }
            if (failure != null || plan.boundPort <= 0) {
                abandon(vertx, ui, t0);
                if (plan.exhausted) {
                    throw new IllegalStateException("no free port for the dashboard on " + host + " in "
                            + preferredPort + ".." + last + " (all in use)");
                }
                throw new IllegalStateException("the dashboard failed to start on " + host + ":" + preferredPort
                        + ": " + (failure == null ? "no port bound" : failure), failure);
            }
            DashboardServer server = new DashboardServer(ui, plan.boundPort);
            server.uploadDirWindow = new long[]{t0, System.currentTimeMillis()};
            running = server;
            if (plan.boundPort != preferredPort && preferredPort != 0) {
                log.info("dashboard port {} is busy, using {}", preferredPort, plan.boundPort);
            }
            log.info("dashboard listening on {}", server.overviewUrl());
            return server;
        }
    }

    /** The running dashboard of this JVM, or {@code null}. */
    public static DashboardServer running() {
        synchronized (LOCK) {
            return running != null && !running.closed ? running : null;
        }
    }

    /** The port actually bound on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} — the address to give {@code RemoteUIStatsStorageRouter}. */
    public String baseUrl() {
        String host = ui.plan().host;
        return "http://" + (host.equals("0.0.0.0") || host.equals("::") ? HOST : host) + ":" + port;
    }

    /** {@code http://127.0.0.1:PORT/train/overview}. */
    public String overviewUrl() {
        return baseUrl() + "/train/overview";
    }

    /**
     * Serves the comparison page ({@link #comparisonUrl()}) over the runs under {@code roots}, and adds a link to it
     * on DL4J's training pages. Calling it again replaces the roots.
     */
    public void serveRuns(List<java.nio.file.Path> roots) {
        checkOpen();
        RunsPages pages = new RunsPages(roots);
        ui.plan().pages = pages::route;
    }

    /** {@code http://127.0.0.1:PORT/pulmo/compare}: the comparison page, once {@link #serveRuns} was called. */
    public String comparisonUrl() {
        return baseUrl() + RunsPages.COMPARE_PATH;
    }

    /** Shows the sessions of {@code storage} (e.g. a run's {@code stats.bin} FileStatsStorage). Idempotent. */
    public void attach(StatsStorage storage) {
        Objects.requireNonNull(storage, "storage");
        checkOpen();
        if (!containsSame(storage)) {
            attached.add(storage);
        }
        ui.attach(storage);
    }

    /** Removes {@code storage} from the dashboard and stops listening to it; a no-op if it is not attached. */
    public void detach(StatsStorage storage) {
        Objects.requireNonNull(storage, "storage");
        attached.removeIf(s -> s == storage);
        if (!closed) {
            ui.detach(storage);
        }
    }

    /** The storages currently attached. */
    public List<StatsStorage> attachedStorages() {
        return new ArrayList<>(attached);
    }

    /**
     * Accepts statistics posted to {@code /remoteReceive} (by a {@code RemoteUIStatsStorageRouter(baseUrl())} in
     * this or another local process), stores them in {@code storage} and attaches it. Only processes on this
     * machine can reach the endpoint. Calling it again switches the receiver to the new storage.
     */
    public void enableRemoteReceiver(StatsStorage storage) {
        Objects.requireNonNull(storage, "storage");
        checkOpen();
        if (!containsSame(storage)) {
            attached.add(storage);
        }
        ui.enableRemoteListener(storage, true);
    }

    /** Makes {@code /remoteReceive} answer 403 again. */
    public void disableRemoteReceiver() {
        if (!closed) {
            ui.disableRemoteListener();
        }
    }

    public boolean isRemoteReceiverEnabled() {
        return !closed && ui.isRemoteListenerEnabled();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Detaches all storages (so they stop feeding the UI's event queue), stops the server and its Vert.x instance
     * and frees the port. Idempotent; blocks until the port is released.
     */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            if (running == this) {
                running = null;
            }
            for (StatsStorage s : attached) {
                try {
                    ui.detach(s);
                } catch (RuntimeException e) {
                    log.warn("detaching {} from the dashboard failed: {}", s, e.toString());
                }
            }
            attached.clear();
            try {
                ui.disableRemoteListener();
                if (VertxUIServer.getInstance() == ui) {
                    VertxUIServer.stopInstance(); // stops, then clears DL4J's static singleton state
                } else if (!ui.isStopped()) {
                    ui.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the dashboard", e);
            } catch (Exception e) {
                throw new IllegalStateException("stopping the dashboard failed: " + e, e);
            } finally {
                ui.wakeEventRouter();
                deleteEmptyUploadDirs(uploadDirWindow);
            }
            log.info("dashboard on port {} stopped", port);
        }
    }

    @Override
    public String toString() {
        return "DashboardServer[" + overviewUrl() + (closed ? ", closed" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Start time window, to find the empty upload directory DL4J's start() creates in java.io.tmpdir. */
    private long[] uploadDirWindow;

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the dashboard is closed");
        }
    }

    private boolean containsSame(StatsStorage storage) {
        for (StatsStorage s : attached) {
            if (s == storage) {
                return true;
            }
        }
        return false;
    }

    /** Undo a failed start: close Vert.x, mark DL4J's instance stopped, let its router thread end. */
    private static void abandon(Vertx vertx, LoopbackUIServer ui, long t0) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.close(ar -> done.complete(null));
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("closing Vert.x after a failed dashboard start: {}", e.toString());
        }
        if (!ui.isStopped()) {
            ui.stop(Promise.promise()); // sets DL4J's stop flag
        }
        ui.wakeEventRouter();
        deleteEmptyUploadDirs(new long[]{t0, System.currentTimeMillis()});
    }

    /** DL4J's start() makes {@code java.io.tmpdir/DL4JUI_<millis>} for uploads; remove it if it stayed empty. */
    private static void deleteEmptyUploadDirs(long[] window) {
        if (window == null) {
            return;
        }
        File[] dirs = new File(System.getProperty("java.io.tmpdir")).listFiles(
                (d, name) -> name.startsWith("DL4JUI_"));
        if (dirs == null) {
            return;
        }
        for (File dir : dirs) {
            try {
                long t = Long.parseLong(dir.getName().substring("DL4JUI_".length()));
                String[] content = dir.list();
                if (t >= window[0] && t <= window[1] && content != null && content.length == 0) {
                    dir.delete();
                }
            } catch (NumberFormatException e) {
                // not one of DL4J's
            }
        }
    }
}
