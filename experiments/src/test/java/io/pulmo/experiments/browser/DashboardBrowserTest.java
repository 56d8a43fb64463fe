package io.pulmo.experiments.browser;

import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.train.TrainListener;
import io.pulmo.common.train.TrainingContext;
import io.pulmo.experiments.ExperimentRunner;
import io.pulmo.experiments.Fixtures;
import io.pulmo.experiments.RunResult;
import io.pulmo.ui.DashboardServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (Debian's Chromium, headless, through Selenium): DL4J's overview page showing a
 * training's score while it trains, and the comparison page over two finished phantom runs.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    @TempDir
    static Path tmp;
    private Path runs;
    private Path data;
    private WebDriver browser;
    private DashboardServer dashboard;

    @BeforeAll
    void openBrowser() throws Exception {
        Browser.assumeInstalled();
        runs = Files.createDirectories(tmp.resolve("runs"));
        data = Fixtures.xray(tmp.resolve("xray"), 120, 32, 7);
        browser = Browser.open(Files.createDirectories(tmp.resolve("profile")));
        dashboard = DashboardServer.start(0);
        dashboard.serveRuns(List.of(runs));
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    @Order(1)
    void overviewShowsTheScoreChartWhileTraining() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        // Keeps the run's storage attached (it is detached when the run ends) until the browser has seen the chart.
        TrainListener holdAtEnd = new TrainListener() {
            @Override
            public void onFinish(TrainingContext ctx) {
                try {
                    seen.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<RunResult> training = CompletableFuture.supplyAsync(() ->
                ExperimentRunner.run(config("baseline", "0.001"), RunDirectory.allocate(runs, "baseline", false),
                        null, false, dashboard, List.of(holdAtEnd)));
        try {
            browser.get(dashboard.overviewUrl());
            long points = new WebDriverWait(browser, Duration.ofSeconds(180), Duration.ofMillis(500)).until(d -> {
                if (training.isCompletedExceptionally()) {
                    training.join();
                }
                Object n = ((JavascriptExecutor) d).executeScript(
                        "var p = window.jQuery && jQuery('#scoreiterchart').data('plot');"
                                + "return p ? p.getData()[0].data.length : 0;");
                long count = n == null ? 0 : ((Number) n).longValue();
                return count > 0 ? count : null;
            });
            assertThat(points).isPositive();
            WebElement link = browser.findElement(By.id("pulmo-compare-link"));
            assertThat(link.getAttribute("href")).endsWith("/pulmo/compare");
            Browser.screenshot(browser, "dashboard-overview");
        } finally {
            seen.countDown();
        }
        RunResult result = training.get(300, TimeUnit.SECONDS);
        assertThat(result.info().status()).isEqualTo("finished");
    }

    @Test
    @Order(2)
    void comparisonPageShowsBothRunsTheirDifferenceAndCurves() throws Exception {
        ExperimentRunner.run(config("faster", "0.003"), RunDirectory.allocate(runs, "faster", false), null, false, null);

        browser.get(dashboard.comparisonUrl());
        List<WebElement> rows = browser.findElements(By.cssSelector("#runs tr[data-run]"));
        assertThat(rows).extracting(r -> r.getAttribute("data-run")).containsExactly("baseline", "faster");
        assertThat(browser.findElements(By.cssSelector("table.compare"))).isEmpty();

        tick("baseline");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                d.findElements(By.cssSelector("svg.curve polyline[data-run]")).size() > 0);
        assertThat(runsDrawn()).containsExactly("baseline");

        tick("faster");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> runsDrawn().contains("faster"));
        assertThat(runsDrawn()).containsExactlyInAnyOrder("baseline", "faster");
        String table = browser.findElement(By.cssSelector("table.compare")).getText();
        assertThat(table).contains("optimizer.lr", "0.001", "0.003", "auc", "accuracy");
        assertThat(browser.findElements(By.cssSelector("table.compare tr[data-run]"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("svg.roc"))).isNotEmpty();
        Browser.screenshot(browser, "compare-page");
    }

    /** Ticks a run's box on the comparison page and waits for the reloaded page. */
    private void tick(String run) {
        WebElement box = browser.findElement(By.cssSelector("#runs tr[data-run='" + run + "'] input[type=checkbox]"));
        box.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("run=" + run));
    }

    /** The runs drawn in the first curve chart. */
    private List<String> runsDrawn() {
        List<WebElement> charts = browser.findElements(By.cssSelector("svg.curve"));
        if (charts.isEmpty()) {
            return List.of();
        }
        return charts.get(0).findElements(By.cssSelector("polyline[data-run]")).stream()
                .map(p -> p.getAttribute("data-run")).toList();
    }

    private ExperimentConfig config(String name, String lr) {
        try {
            Path file = Fixtures.config(tmp, name, data, 32, 4, null);
            return ConfigLoader.load(file, List.of("optimizer.lr=" + lr)).variants().get(0).config();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
