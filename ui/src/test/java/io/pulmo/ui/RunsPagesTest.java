package io.pulmo.ui;

import io.pulmo.common.runs.RunFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison page and its JSON on the dashboard server: content, escaping, and requests that try to leave the roots. */
class RunsPagesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String EVIL = "<script>alert(1)</script>";

    @TempDir
    Path tmp;
    private Path runs;
    private DashboardServer server;

    @BeforeEach
    void start() throws IOException {
        runs = Files.createDirectories(tmp.resolve("runs"));
        run(runs.resolve("ablation/baseline"), "0.001", 0.91);
        run(runs.resolve("ablation/faster"), "0.003", 0.87);
        run(runs.resolve(EVIL), "0.5", 0.5);
        Files.writeString(runs.resolve(EVIL).resolve("config.yaml"), "name: x\noptimizer:\n  lr: \"" + EVIL + "\"\n");
        // a run outside the roots, which no request may reach
        run(tmp.resolve("secret"), "0.1", 0.99);
        server = DashboardServer.start(0);
        server.serveRuns(List.of(runs));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listsRunsAndComparesTheSelectedOnes() throws Exception {
        HttpResponse<String> list = get("/pulmo/compare");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("data-run=\"ablation/baseline\"", "data-run=\"ablation/faster\"",
                "auc = 0.9100", "Tick runs to compare");

        HttpResponse<String> both = get("/pulmo/compare?run=ablation/baseline&run=ablation%2Ffaster");
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(both.body()).contains("<table class=\"compare\"", "optimizer.lr", "0.003",
                "polyline data-run=\"ablation/baseline\"", "polyline data-run=\"ablation/faster\"");

        HttpResponse<String> json = get("/pulmo/api/runs");
        assertThat(json.body()).contains("\"id\":\"ablation/baseline\"", "\"headline\":0.91", "\"status\":\"finished\"");
        assertThat(get("/pulmo").statusCode()).isEqualTo(302);
    }

    @Test
    void escapesRunNamesAndConfigValues() throws Exception {
        String id = java.net.URLEncoder.encode(EVIL, java.nio.charset.StandardCharsets.UTF_8);
        for (String path : List.of("/pulmo/compare", "/pulmo/compare?run=" + id + "&run=ablation/baseline")) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
    }

    @Test
    void requestsCannotLeaveTheRunsRoots() throws Exception {
        for (String bad : List.of("../secret", "ablation/../../secret", "ablation%2F..%2F..%2Fsecret",
                "%2E%2E%2Fsecret", tmp.resolve("secret").toAbsolutePath().toString(), "..\\secret")) {
            assertThat(get("/pulmo/api/run?id=" + bad).statusCode()).as(bad).isEqualTo(400);
            assertThat(get("/pulmo/compare?run=" + bad).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(get("/pulmo/api/run?id=nothing-here").statusCode()).isEqualTo(404);
        assertThat(get("/pulmo/api/run?id=ablation").statusCode()).isEqualTo(404);
        assertThat(get("/pulmo/../etc/passwd").statusCode()).isIn(400, 404);
        HttpResponse<String> ok = get("/pulmo/api/run?id=ablation/baseline");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"auc\":0.91").doesNotContain("0.99");
    }

    @Test
    void dl4jTrainingPagesLinkToTheComparisonPage() throws Exception {
        HttpResponse<String> overview = get("/train/overview");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("id=\"pulmo-compare-link\" href=\"/pulmo/compare\"");
        assertThat(overview.body().indexOf("pulmo-compare-link")).isLessThan(overview.body().lastIndexOf("</body>"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path.replace(" ", "%20")
                .replace("<", "%3C").replace(">", "%3E").replace("\\", "%5C"))).timeout(Duration.ofSeconds(20)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void run(Path dir, String lr, double auc) throws IOException {
        RunFixtures.classification(dir, lr, auc, 0.8);
    }
}
