package io.pulmo.ui;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.deeplearning4j.core.storage.StatsStorageEvent;
import org.deeplearning4j.core.storage.StatsStorageListener;
import org.deeplearning4j.ui.VertxUIServer;

import java.lang.reflect.Field;
import java.util.concurrent.BlockingQueue;

/**
 * DL4J's own UI verticle, unchanged except that it sees a {@link Vertx} whose HTTP servers listen on
 * 127.0.0.1 (see {@link LoopbackBinding}). Constructing it registers it as {@code VertxUIServer.getInstance()},
 * which DL4J's {@code TrainModule} relies on.
 */
final class LoopbackUIServer extends VertxUIServer {

    private final LoopbackBinding.PortPlan plan;

    LoopbackUIServer(LoopbackBinding.PortPlan plan) {
        super();
        this.plan = plan;
    }

    @Override
    public void init(Vertx vertx, Context context) {
        super.init(LoopbackBinding.wrapVertx(vertx, plan), context);
    }

    LoopbackBinding.PortPlan plan() {
        return plan;
    }

    /**
     * DL4J's event-routing thread blocks in {@code eventQueue.take()} and only checks its stop flag after an
     * event arrives, so after a stop it would wait forever. Offer it one event that no module subscribes to, so
     * it wakes, sees the flag and ends. Best effort: the thread is a daemon anyway.
     */
    void wakeEventRouter() {
        try {
            Field f = VertxUIServer.class.getDeclaredField("eventQueue");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            BlockingQueue<StatsStorageEvent> q = (BlockingQueue<StatsStorageEvent>) f.get(this);
            q.offer(new StatsStorageEvent(null, StatsStorageListener.EventType.PostUpdate, "pulmo-dashboard-stop",
                    "pulmo-dashboard-stop", "pulmo-dashboard-stop", System.currentTimeMillis()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the router thread is a daemon; leaving it parked costs one idle thread
        }
    }
}
