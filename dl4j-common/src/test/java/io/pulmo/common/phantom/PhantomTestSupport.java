package io.pulmo.common.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Image reading, statistics and tiny baseline classifiers shared by the phantom tests. */
final class PhantomTestSupport {

    private PhantomTestSupport() {
    }

    /** One decoded image file. */
    record Decoded(String name, int width, int height, int bands, int type, int[] pixels) {
    }

    /** Decodes every file of {@code dir}, in name order; each must be a readable image. */
    static List<Decoded> readFolder(Path dir) throws IOException {
        List<Decoded> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                BufferedImage img = ImageIO.read(f.toFile());
                assertThat(img).as("decodable %s", f).isNotNull();
                int w = img.getWidth(), h = img.getHeight();
                int[] px = img.getRaster().getPixels(0, 0, w, h, (int[]) null);
                out.add(new Decoded(f.getFileName().toString(), w, h, img.getRaster().getNumBands(), img.getType(), px));
            }
        }
        return out;
    }

    /** Relative path -> bytes of every regular file below {@code root}. */
    static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    static int[] pixels(BufferedImage img) {
        return img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
    }

    /** {mean, standard deviation} of the pixel values. */
    static double[] meanStd(int[] px) {
        double s = 0, s2 = 0;
        for (int v : px) {
            s += v;
            s2 += (double) v * v;
        }
        double m = s / px.length;
        return new double[] {m, Math.sqrt(Math.max(s2 / px.length - m * m, 0))};
    }

    /** Standardises the two features of {@code x} with the mean and standard deviation over {@code train}. */
    static double[][] standardiseLike(double[][] train, double[][] x) {
        double[] mu = new double[2], sd = new double[2];
        for (int f = 0; f < 2; f++) {
            final int ff = f;
            mu[f] = Arrays.stream(train).mapToDouble(r -> r[ff]).average().orElseThrow();
            sd[f] = Math.sqrt(Arrays.stream(train).mapToDouble(r -> (r[ff] - mu[ff]) * (r[ff] - mu[ff])).average().orElseThrow());
        }
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = new double[x[i].length];
            for (int f = 0; f < x[i].length; f++) {
                z[i][f] = (x[i][f] - mu[f]) / sd[f];
            }
        }
        return z;
    }

    /** Batch gradient descent on the mean log-loss; returns {bias, w1, w2, ...}. */
    static double[] fitLogistic(double[][] x, int[] y, int iterations, double lr) {
        int d = x[0].length;
        double[] w = new double[d + 1];
        for (int it = 0; it < iterations; it++) {
            double[] g = new double[d + 1];
            for (int i = 0; i < x.length; i++) {
                double z = w[0];
                for (int f = 0; f < d; f++) {
                    z += w[f + 1] * x[i][f];
                }
                double err = 1 / (1 + Math.exp(-z)) - y[i];
                g[0] += err;
                for (int f = 0; f < d; f++) {
                    g[f + 1] += err * x[i][f];
                }
            }
            for (int f = 0; f <= d; f++) {
                w[f] -= lr * g[f] / x.length;
            }
        }
        return w;
    }

    /** Full-batch gradient descent on the mean cross-entropy of a softmax regression; returns {@code w[class] = {bias, w1, ...}}. */
    static double[][] fitSoftmax(double[][] x, int[] y, int classes, int iterations, double lr) {
        int d = x[0].length;
        double[][] w = new double[classes][d + 1];
        for (int it = 0; it < iterations; it++) {
            double[][] g = new double[classes][d + 1];
            for (int i = 0; i < x.length; i++) {
                double[] p = softmax(scores(w, x[i]));
                for (int c = 0; c < classes; c++) {
                    double err = p[c] - (y[i] == c ? 1 : 0);
                    g[c][0] += err;
                    for (int f = 0; f < d; f++) {
                        g[c][f + 1] += err * x[i][f];
                    }
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int f = 0; f <= d; f++) {
                    w[c][f] -= lr * g[c][f] / x.length;
                }
            }
        }
        return w;
    }

    static double[] scores(double[][] w, double[] x) {
        double[] z = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            z[c] = w[c][0];
            for (int f = 0; f < x.length; f++) {
                z[c] += w[c][f + 1] * x[f];
            }
        }
        return z;
    }

    private static double[] softmax(double[] z) {
        double max = Arrays.stream(z).max().orElseThrow(), sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    static int argmax(double[] z) {
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Mann-Whitney AUC of {@code score} for label 1 against label 0 (ties count one half). */
    static double auc(double[] score, int[] y) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < score.length; i++) {
            if (y[i] != 1) {
                continue;
            }
            for (int j = 0; j < score.length; j++) {
                if (y[j] != 0) {
                    continue;
                }
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                pairs++;
            }
        }
        return wins / pairs;
    }
}
