package io.pulmo.ui;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.BindException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Forces every HTTP server that DL4J's UI verticle creates onto the loopback interface and onto a port
 * chosen by Pulmo.
 *
 * <p>DL4J's {@code VertxUIServer.start} does {@code vertx.createHttpServer().requestHandler(router)
 * .listen(port, handler)}. In Vert.x 3.9 {@code HttpServer.listen(int, Handler)} ignores
 * {@link HttpServerOptions#getHost()} and binds {@code "0.0.0.0"} (all interfaces), so setting the host in the
 * options is not enough. {@link #wrapVertx} therefore returns a {@link Vertx} view whose
 * {@code createHttpServer(...)} hands out an {@link HttpServer} view whose {@code listen(...)} overloads all
 * become {@code listen(port, "127.0.0.1", ...)}. The view also walks the port range of the {@link PortPlan}:
 * when a port is taken it creates a fresh server (replaying the configuration calls such as
 * {@code requestHandler}) and tries the next port, and only reports to DL4J's handler once a port is bound or
 * the range is exhausted.
 *
 * <p>The view also puts Pulmo's own pages in front of DL4J's router: every request is first offered to the
 * plan's {@link PortPlan#pages} handler, and only the requests it passes on reach DL4J. Everything else is
 * delegated unchanged to the real objects.
 */
final class LoopbackBinding {

    /** The only address the dashboard listens on. */
    static final String LOOPBACK = "127.0.0.1";

    private LoopbackBinding() {
    }

    /** Ports to try, in order, and the outcome of the attempt. */
    static final class PortPlan {
        final int first;
        final int last;
        volatile int boundPort = -1;
        volatile boolean exhausted;
        final List<Integer> busy = new ArrayList<>();
        /** The interface to bind: {@link #LOOPBACK} unless the user asked for another with {@code --host}. */
        volatile String host = LOOPBACK;
        /** Pulmo's pages, asked first; a request they decline goes on to DL4J's router. */
        volatile PagesHandler pages = request -> request;

        PortPlan(int first, int last) {
            if (first < 0 || last > 0xFFFF || last < first) {
                throw new IllegalArgumentException("bad port range " + first + ".." + last);
            }
            this.first = first;
            this.last = last;
        }
    }

    /**
     * Serves a request itself (returns null) or passes it on to DL4J's router: the request itself, or a view of it
     * (e.g. one whose response adds a link to DL4J's page).
     */
    @FunctionalInterface
    interface PagesHandler {
        HttpServerRequest route(HttpServerRequest request);
    }

    /** A view of {@code real} whose HTTP servers bind to 127.0.0.1 on the ports of {@code plan}. */
    static Vertx wrapVertx(Vertx real, PortPlan plan) {
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "createHttpServer": {
                    HttpServerOptions options = args != null && args.length == 1 && args[0] instanceof HttpServerOptions
                            ? new HttpServerOptions((HttpServerOptions) args[0])
                            : new HttpServerOptions();
                    options.setHost(plan.host);
                    return wrapServer(real, options, plan);
                }
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return proxy == args[0];
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                default:
            }
            return call(real, method, args);
        };
        return (Vertx) Proxy.newProxyInstance(real.getClass().getClassLoader(), publicInterfaces(real.getClass()), h);
    }

    private static HttpServer wrapServer(Vertx real, HttpServerOptions options, PortPlan plan) {
        ServerHandler sh = new ServerHandler(real, options, plan);
        HttpServer proxy = (HttpServer) Proxy.newProxyInstance(sh.current.getClass().getClassLoader(),
                publicInterfaces(sh.current.getClass()), sh);
        sh.self = proxy;
        return proxy;
    }

    private static final class ServerHandler implements InvocationHandler {
        private final Vertx real;
        private final HttpServerOptions options;
        private final PortPlan plan;
        /** Fluent configuration calls (requestHandler, exceptionHandler, ...), replayed on a fresh server. */
        private final List<Object[]> replay = new ArrayList<>();
        volatile HttpServer current;
        HttpServer self;

        ServerHandler(Vertx real, HttpServerOptions options, PortPlan plan) {
            this.real = real;
            this.options = options;
            this.plan = plan;
            this.current = real.createHttpServer(options);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("listen")) {
                Handler<AsyncResult<HttpServer>> done = null;
                if (args != null) {
                    for (Object a : args) {
                        if (a instanceof Handler) {
                            done = (Handler<AsyncResult<HttpServer>>) a;
                        }
                    }
                }
                // The port and host DL4J asks for are ignored on purpose: the plan decides.
                tryPort(plan.first, done);
                return proxy;
            }
            if (name.equals("equals") && method.getParameterCount() == 1) {
                return proxy == args[0];
            }
            if (name.equals("hashCode") && method.getParameterCount() == 0) {
                return System.identityHashCode(proxy);
            }
            if (name.equals("requestHandler") && args != null && args.length == 1 && args[0] instanceof Handler) {
                Handler<HttpServerRequest> dl4j = (Handler<HttpServerRequest>) args[0];
                Handler<HttpServerRequest> first = request -> {
                    HttpServerRequest forward = plan.pages.route(request);
                    if (forward != null) {
                        dl4j.handle(forward);
                    }
                };
                args = new Object[]{first};
            }
            HttpServer target = current;
            Object result = call(target, method, args);
            if (result == target) {
                // a fluent setter: remember it so that a replacement server gets the same configuration
                synchronized (replay) {
                    replay.add(new Object[]{method, args});
                }
                return proxy;
            }
            return result;
        }

        private void tryPort(int port, Handler<AsyncResult<HttpServer>> done) {
            current.listen(port, plan.host, ar -> {
                if (ar.succeeded()) {
                    plan.boundPort = current.actualPort();
                    if (done != null) {
                        done.handle(Future.succeededFuture(self));
                    }
                    return;
                }
                boolean busy = isAddressInUse(ar.cause());
                if (busy) {
                    synchronized (plan.busy) {
                        plan.busy.add(port);
                    }
                }
                if (busy && port != 0 && port < plan.last) {
                    HttpServer failed = current;
                    failed.close(closed -> {
                        try {
                            current = freshServer();
                        } catch (Throwable t) {
                            if (done != null) {
                                done.handle(Future.failedFuture(t));
                            }
                            return;
                        }
                        tryPort(port + 1, done);
                    });
                    return;
                }
                if (busy) {
                    plan.exhausted = true;
                }
                if (done != null) {
                    done.handle(Future.failedFuture(ar.cause()));
                }
            });
        }

        private HttpServer freshServer() throws Throwable {
            HttpServer s = real.createHttpServer(options);
            synchronized (replay) {
                for (Object[] c : replay) {
                    call(s, (Method) c[0], (Object[]) c[1]);
                }
            }
            return s;
        }
    }

    static boolean isAddressInUse(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BindException) {
                return true;
            }
            String msg = c.getMessage();
            if (msg != null && msg.contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Every public interface the class (and its superclasses) implements, so casts to e.g. VertxInternal work. */
    static Class<?>[] publicInterfaces(Class<?> type) {
        Set<Class<?>> out = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            collect(c.getInterfaces(), out);
        }
        return out.toArray(new Class<?>[0]);
    }

    private static void collect(Class<?>[] interfaces, Set<Class<?>> out) {
        for (Class<?> i : interfaces) {
            if (Modifier.isPublic(i.getModifiers())) {
                out.add(i);
            }
            collect(i.getInterfaces(), out);
        }
    }
}
