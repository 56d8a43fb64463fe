package io.pulmo.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.PulmoException;
import io.pulmo.common.runs.Comparison;
import io.pulmo.common.runs.CompareHtml;
import io.pulmo.common.runs.Html;
import io.pulmo.common.runs.RunRecord;
import io.pulmo.common.runs.RunStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pulmo's pages on the dashboard server, in front of DL4J's: the comparison page over the runs under the runs roots,
 * its JSON, and a "Compare runs" link added to DL4J's training pages.
 *
 * <ul>
 *   <li>{@code GET /pulmo/compare?run=ID&run=ID...} — every run (status, task, headline metric) with a check box; the
 *   checked ones are compared below with the same model and HTML as {@code pulmo compare}. The page polls
 *   {@code /pulmo/api/runs} and reloads when a run appears or changes state, so an ablation's variants show up as they
 *   finish.</li>
 *   <li>{@code GET /pulmo/api/runs} — the run list as JSON; {@code GET /pulmo/api/run?id=ID} — one run's config and
 *   metrics.</li>
 * </ul>
 * A run id is a path relative to a runs root; ids that are absolute or climb out ({@code ..}) are answered 400, ids
 * that name no run inside a root 404 ({@link RunStore#resolveInside}). Everything shown is HTML-escaped.
 */
final class RunsPages {

    static final String COMPARE_PATH = "/pulmo/compare";
    private static final Pattern TRAIN_PAGE = Pattern.compile("/train(/[^/]+)?/(overview|model|system)/?");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Added before {@code </body>} of DL4J's training pages. */
    static final String COMPARE_LINK = "<a id=\"pulmo-compare-link\" href=\"" + COMPARE_PATH + "\" style=\"position:fixed;"
            + "bottom:16px;left:16px;z-index:10000;padding:6px 12px;background:#1f6feb;color:#fff;border-radius:4px;"
            + "font:14px sans-serif;text-decoration:none\">Compare runs</a>";

    private final List<Path> roots;

    RunsPages(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The request DL4J should see, or null when this class answered it. */
    HttpServerRequest route(HttpServerRequest request) {
        String path = request.path();
        if (path == null) {
            return request;
        }
        if (request.method() == HttpMethod.GET && TRAIN_PAGE.matcher(path).matches()) {
            return withCompareLink(request);
        }
        if (!path.equals("/pulmo") && !path.startsWith("/pulmo/")) {
            return request;
        }
        HttpServerResponse response = request.response();
        try {
            if (request.method() != HttpMethod.GET) {
                send(response, 405, "text/plain", "method not allowed");
            } else if (path.equals("/pulmo") || path.equals("/pulmo/")) {
                response.setStatusCode(302).putHeader("location", COMPARE_PATH).end();
            } else if (path.equals(COMPARE_PATH)) {
                send(response, 200, "text/html; charset=utf-8", comparePage(request.params().getAll("run")));
            } else if (path.equals("/pulmo/api/runs")) {
                send(response, 200, "application/json", JSON.writeValueAsString(summaries(RunStore.list(roots))));
            } else if (path.equals("/pulmo/api/run")) {
                String id = request.getParam("id");
                RunRecord run = RunStore.load(resolve(id), id);
                send(response, 200, "application/json", JSON.writeValueAsString(detail(run)));
            } else {
                send(response, 404, "text/plain", "not found");
            }
        } catch (BadRequest e) {
            send(response, e.status, "text/plain", e.getMessage());
        } catch (PulmoException e) {
            send(response, 400, "text/plain", e.getMessage());
        } catch (RuntimeException | java.io.IOException e) {
            send(response, 500, "text/plain", "error: " + e);
        }
        return null;
    }

    private String comparePage(List<String> selected) {
        List<RunRecord> runs = RunStore.list(roots);
        List<RunRecord> chosen = new ArrayList<>();
        for (String id : selected) {
            chosen.add(RunStore.load(resolve(id), id));
        }
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Pulmo — compare runs</title><style>")
                .append("body{font:14px sans-serif;margin:20px}table{border-collapse:collapse;margin:8px 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append("nav a{margin-right:16px}.hint{color:#666}</style></head><body>")
                .append("<nav><a href=\"/train/overview\">Training dashboard</a><b>Compare runs</b></nav>")
                .append("<h1>Runs</h1>");
        if (runs.isEmpty()) {
            html.append("<p class=\"hint\">No runs yet under ").append(Html.escape(roots.toString())).append(".</p>");
        }
        html.append("<form id=\"pick\" method=\"get\" action=\"").append(COMPARE_PATH).append("\">")
                .append("<table id=\"runs\"><tr><th></th><th>run</th><th>status</th><th>task</th><th>headline</th></tr>");
        for (RunRecord r : runs) {
            boolean on = selected.contains(r.id());
            html.append("<tr data-run=\"").append(Html.escape(r.id())).append("\"><td><input type=\"checkbox\" name=\"run\" value=\"")
                    .append(Html.escape(r.id())).append('"').append(on ? " checked" : "")
                    .append(" onchange=\"this.form.submit()\"></td><td>").append(Html.escape(r.id()))
                    .append("</td><td class=\"status\">").append(Html.escape(status(r))).append("</td><td>")
                    .append(Html.escape(r.task())).append("</td><td>").append(Html.escape(headline(r))).append("</td></tr>");
        }
        html.append("</table><noscript><button type=\"submit\">Compare</button></noscript></form>");
        if (chosen.isEmpty()) {
            html.append("<p class=\"hint\" id=\"compare-hint\">Tick runs to compare them.</p>");
        } else {
            try {
                html.append("<section id=\"comparison\">").append(CompareHtml.fragment(Comparison.of(chosen)))
                        .append("</section>");
            } catch (PulmoException e) {
                html.append("<p class=\"error\" id=\"compare-error\">").append(Html.escape(e.getMessage())).append("</p>");
            }
        }
        html.append("<script>(function(){var sig=").append(jsString(signature(runs)))
                .append(";setInterval(function(){fetch('/pulmo/api/runs').then(function(r){return r.json();})")
                .append(".then(function(runs){var s=runs.map(function(r){return r.id+':'+r.status;}).join('|');")
                .append("if(s!==sig){location.reload();}}).catch(function(){});},3000);})();</script>")
                .append("</body></html>");
        return html.toString();
    }

    /** The run directory an id names, inside a root; 400 for ids that try to leave the roots, 404 for unknown ones. */
    private Path resolve(String id) {
        if (id == null || id.isEmpty()) {
            throw new BadRequest(400, "missing run id");
        }
        if (id.startsWith("/") || id.contains("\\") || id.indexOf('\0') >= 0 || id.matches("^[A-Za-z]:.*")
                || List.of(id.split("/")).contains("..")) {
            throw new BadRequest(400, "bad run id (must be a path inside a runs directory)");
        }
        Optional<Path> dir = RunStore.resolveInside(roots, id);
        return dir.orElseThrow(() -> new BadRequest(404, "no such run"));
    }

    private static List<Map<String, Object>> summaries(List<RunRecord> runs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunRecord r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("status", status(r));
            m.put("task", r.task());
            m.put("headline_metric", r.headlineMetric());
            m.put("headline", r.headline().isPresent() ? r.headline().getAsDouble() : null);
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> detail(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("status", status(r));
        m.put("task", r.task());
        m.put("config", r.config());
        m.put("metrics", r.metrics());
        return m;
    }

    private static String status(RunRecord r) {
        return r.status();
    }

    private static String headline(RunRecord r) {
        return r.headline().isPresent()
                ? r.headlineMetric() + " = " + String.format(java.util.Locale.ROOT, "%.4f", r.headline().getAsDouble())
                : "–";
    }

    private static String signature(List<RunRecord> runs) {
        StringBuilder s = new StringBuilder();
        for (RunRecord r : runs) {
            if (!s.isEmpty()) {
                s.append('|');
            }
            s.append(r.id()).append(':').append(status(r));
        }
        return s.toString();
    }

    /** A JavaScript string literal that cannot close the script element. */
    private static String jsString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void send(HttpServerResponse response, int status, String type, String body) {
        response.setStatusCode(status).putHeader("content-type", type)
                .putHeader("x-content-type-options", "nosniff").end(body);
    }

    /** A view of {@code request} whose response inserts {@link #COMPARE_LINK} before {@code </body>}. */
    private static HttpServerRequest withCompareLink(HttpServerRequest request) {
        HttpServerResponse real = request.response();
        HttpServerResponse response = (HttpServerResponse) Proxy.newProxyInstance(real.getClass().getClassLoader(),
                LoopbackBinding.publicInterfaces(real.getClass()), (proxy, method, args) -> {
                    if (method.getName().equals("end") && args != null && args.length >= 1) {
                        if (args[0] instanceof String html) {
                            args[0] = addLink(html);
                        } else if (args[0] instanceof Buffer buffer && args.length == 1) {
                            args[0] = Buffer.buffer(addLink(buffer.toString(StandardCharsets.UTF_8)));
                        }
                    }
                    Object result = invoke(real, method, args);
                    return result == real ? proxy : result;
                });
        return (HttpServerRequest) Proxy.newProxyInstance(request.getClass().getClassLoader(),
                LoopbackBinding.publicInterfaces(request.getClass()), (proxy, method, args) -> {
                    if (method.getName().equals("response") && method.getParameterCount() == 0) {
                        return response;
                    }
                    Object result = invoke(request, method, args);
                    return result == request ? proxy : result;
                });
    }

    static String addLink(String html) {
        int end = html.lastIndexOf("</body>");
        return end < 0 ? html : html.substring(0, end) + COMPARE_LINK + html.substring(end);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A request answered with a status other than 200. */
    private static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
