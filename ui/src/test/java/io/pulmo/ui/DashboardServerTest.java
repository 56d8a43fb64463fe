package io.pulmo.ui;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.impl.RemoteUIStatsStorageRouter;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class DashboardServerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DashboardServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        assertThat(DashboardServer.running()).isNull();
    }

    @Test
    void servesTrainingOverviewOfAttachedFileStorage(@TempDir Path dir) throws Exception {
        FileStatsStorage storage = new FileStatsStorage(dir.resolve("stats.bin").toFile());
        try {
            train(new StatsListener(storage));
            server = DashboardServer.start(0);
            server.attach(storage);
            assertThat(server.overviewUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/train/overview");

            HttpResponse<String> page = get(server.overviewUrl());
            assertThat(page.statusCode()).isEqualTo(200);
            // (DL4J sends its rendered pages without a content-type header; browsers sniff them as HTML)
            assertThat(page.body()).startsWith("<!DOCTYPE html>").contains("<html").contains("/assets/js/train/overview.js");

            List<Double> scores = awaitScores(server);
            assertThat(scores).isNotEmpty().allMatch(Double::isFinite);

            // assets the page loads: DL4J's own script and a webjar
            List<String> assets = assetsOf(page.body());
            assertThat(assets).contains("/assets/js/train/overview.js");
            for (String asset : List.of("/assets/js/train/overview.js", firstWebjar(assets))) {
                HttpResponse<String> a = get(server.baseUrl() + asset);
                assertThat(a.statusCode()).as(asset).isEqualTo(200);
                assertThat(a.body()).as(asset).isNotEmpty();
            }
            assertThat(get(server.baseUrl() + "/train/model").statusCode()).isEqualTo(200);
            assertThat(get(server.baseUrl() + "/train/system").statusCode()).isEqualTo(200);

            server.detach(storage);
            assertThat(server.attachedStorages()).isEmpty();
        } finally {
            storage.close();
        }
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        server = DashboardServer.start(0);
        int port = server.port();

        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2000);
            assertThat(s.isConnected()).isTrue();
        }

        // the kernel's view: one listening socket on this port, local address 127.0.0.1
        String portHex = String.format(Locale.ROOT, ":%04X", port);
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(portHex) && f[3].equals("0A")) {
                    listening.add(f[1]);
                }
            }
        }
        if (Files.isReadable(Path.of("/proc/net/tcp"))) {
            // an IPv4 socket shows 0100007F; a dual-stack Java socket bound to 127.0.0.1 shows ::ffff:127.0.0.1
            assertThat(listening).hasSize(1);
            assertThat(listening.get(0)).isIn("0100007F" + portHex, "0000000000000000FFFF00000100007F" + portHex);
        }

        // and from outside the loopback interface: refused on every non-loopback IPv4 address of this machine
        for (InetAddress address : nonLoopbackIpv4()) {
            if (!reachableWhenBoundToAllInterfaces(address)) {
                continue; // this address cannot be used to tell the difference
            }
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), 2000);
                }
            }).as("connect to %s:%d", address.getHostAddress(), port).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void busyPortMovesToNextFreeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int busy = taken.getLocalPort();
            assumeThat(busy).isLessThan(0xFFFF - DashboardServer.PORT_SEARCH_SPAN);

            server = DashboardServer.start(busy);
            assertThat(server.port()).isGreaterThan(busy).isLessThanOrEqualTo(busy + DashboardServer.PORT_SEARCH_SPAN);
            assertThat(server.overviewUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/train/overview");
            assertThat(get(server.overviewUrl()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void failsClearlyWhenNoPortIsFree() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            try {
                taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0xFFFF));
            } catch (IOException e) {
                assumeThat(false).as("port 65535 is in use here").isTrue();
            }
            // 65535 is the whole range: nothing after it to move to
            assertThatThrownBy(() -> DashboardServer.start(0xFFFF))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no free port")
                    .hasMessageContaining("127.0.0.1");
        }
        assertThat(DashboardServer.running()).isNull();
        server = DashboardServer.start(0); // a failed start leaves nothing behind
        assertThat(get(server.overviewUrl()).statusCode()).isEqualTo(200);
    }

    @Test
    void oneAtATimeAndRestartableOnTheSamePort() throws Exception {
        server = DashboardServer.start(0);
        int port = server.port();
        assertThat(DashboardServer.running()).isSameAs(server);
        assertThatThrownBy(() -> DashboardServer.start(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");

        server.close();
        server.close(); // idempotent
        assertThat(server.isClosed()).isTrue();
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)); // the port is free again
        }

        server = DashboardServer.start(port);
        assertThat(server.port()).isEqualTo(port);
        assertThat(get(server.overviewUrl()).statusCode()).isEqualTo(200);
    }

    @Test
    void remoteReceiverAcceptsRemoteUIStatsStorageRouter() throws Exception {
        server = DashboardServer.start(0);
        assertThat(post(server.baseUrl() + "/remoteReceive").statusCode()).isEqualTo(403); // off by default

        StatsStorage storage = new InMemoryStatsStorage();
        server.enableRemoteReceiver(storage);
        assertThat(server.isRemoteReceiverEnabled()).isTrue();

        RemoteUIStatsStorageRouter router = new RemoteUIStatsStorageRouter(server.baseUrl());
        try {
            train(new StatsListener(router));
            List<Double> scores = awaitScores(server);
            assertThat(scores).isNotEmpty().allMatch(Double::isFinite);
            assertThat(storage.listSessionIDs()).isNotEmpty();
        } finally {
            router.shutdown();
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private static void train(StatsListener listener) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(new Adam(1e-2))
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(8).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.setListeners(listener);
        Nd4j.getRandom().setSeed(7);
        DataSet data = new DataSet(Nd4j.rand(16, 4), Nd4j.eye(2).repeat(0, 8));
        for (int i = 0; i < 30; i++) {
            net.fit(data);
        }
    }

    private static List<Double> awaitScores(DashboardServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(server.overviewUrl() + "/data");
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && !r.body().isBlank()) {
                JsonObject json = new JsonObject(r.body());
                JsonArray scores = json.getJsonArray("scores");
                if (scores != null && !scores.isEmpty()) {
                    List<Double> out = new ArrayList<>();
                    for (int i = 0; i < scores.size(); i++) {
                        out.add(((Number) scores.getValue(i)).doubleValue());
                    }
                    return out;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no scores at " + server.overviewUrl() + "/data within 20 s; last answer: " + last);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> assetsOf(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String firstWebjar(List<String> assets) {
        return assets.stream().filter(a -> a.contains("/webjars/") && a.endsWith(".js")).findFirst()
                .orElseThrow(() -> new AssertionError("the overview page loads no webjar script: " + assets));
    }

    private static List<InetAddress> nonLoopbackIpv4() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** Control: a socket on 0.0.0.0 must be reachable through {@code address}, else the check proves nothing. */
    private static boolean reachableWhenBoundToAllInterfaces(InetAddress address) {
        try (ServerSocket all = new ServerSocket()) {
            all.bind(new InetSocketAddress(0));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, all.getLocalPort()), 2000);
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }
}
