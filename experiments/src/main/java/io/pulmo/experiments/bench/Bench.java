package io.pulmo.experiments.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.backend.BackendInfo;
import io.pulmo.common.run.Provenance;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The benchmark suites of {@code pulmo bench}: each workload is timed and reported as one JSON object with the PyTorch
 * peer's fields ({@code model, mode, batch, size, threads, sec_per_iter, sec_per_iter_median, sec_per_iter_min,
 * items_per_sec, ...}), so that {@code bench/compare.sh} can put both sides in one table.
 */
public final class Bench {

    /** The suites and what they hold. */
    public static final Map<String, String> SUITES = Map.of(
            "quick", "cnn3d and a 64-px resnet34, batch 2: seconds, to check the set-up",
            "models", "the peer's six models at the peer's sizes, train and infer",
            "all", "every suite above");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int warmup;
    private final int iters;

    public Bench(int warmup, int iters) {
        this.warmup = warmup;
        this.iters = iters;
    }

    /** The workloads of {@code suite}, in the order they run. */
    public static List<ModelWorkload> workloads(String suite, List<String> only) {
        List<ModelWorkload> w = new ArrayList<>();
        switch (suite) {
            case "quick" -> {
                w.add(new ModelWorkload("cnn3d", true, 2, 48));
                w.add(new ModelWorkload("cnn3d", false, 2, 48));
                w.add(new ModelWorkload("resnet34", true, 2, 64));
                w.add(new ModelWorkload("resnet34", false, 2, 64));
            }
            case "models", "all" -> {
                w.add(new ModelWorkload("resnet50", true, 8, 224));
                w.add(new ModelWorkload("resnet50", false, 16, 224));
                w.add(new ModelWorkload("resnet34", true, 16, 224));
                w.add(new ModelWorkload("resnet34", false, 16, 224));
                w.add(new ModelWorkload("densenet121", true, 8, 224));
                w.add(new ModelWorkload("densenet121", false, 8, 224));
                w.add(new ModelWorkload("efficientnet_b4", true, 8, 224));
                w.add(new ModelWorkload("efficientnet_b4", false, 8, 224));
                w.add(new ModelWorkload("unet-seed", true, 4, 128));
                w.add(new ModelWorkload("unet-seed", false, 4, 128));
                w.add(new ModelWorkload("cnn3d", true, 8, 48));
                w.add(new ModelWorkload("cnn3d", false, 8, 48));
            }
            default -> throw new PulmoException("--suite: unknown suite '" + suite + "'; known: "
                    + String.join(", ", new java.util.TreeSet<>(SUITES.keySet())) + " (data and ct3d are not available yet)");
        }
        if (only != null && !only.isEmpty()) {
            for (String m : only) {
                if (!ModelWorkload.MODELS.contains(m)) {
                    throw new PulmoException("--model: unknown model '" + m + "'; known: " + String.join(", ", ModelWorkload.MODELS));
                }
            }
            w.removeIf(x -> !only.contains(x.model()));
        }
        return w;
    }

    /** Times every workload, handing each result line to {@code out} as soon as it is measured. */
    public void run(List<ModelWorkload> workloads, Consumer<String> out) {
        BackendInfo backend = Backend.init();
        for (ModelWorkload w : workloads) {
            out.accept(json(w, measure(w), backend));
        }
    }

    /** Builds the model, times its step and frees it. */
    Measured measure(ModelWorkload w) {
        ComputationGraph model = w.build();
        DataSet data = w.data(0);
        Runnable step = w.train() ? () -> model.fit(data) : () -> model.output(false, data.getFeatures());
        Timing t = Timing.of(step, warmup, iters);
        long params = model.numParams();
        model.close();
        Nd4j.getMemoryManager().invokeGc();
        return new Measured(t, params);
    }

    record Measured(Timing timing, long params) {
    }

    private String json(ModelWorkload w, Measured m, BackendInfo backend) {
        Timing t = m.timing();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("model", w.model());
        rec.put("mode", w.mode());
        rec.put("batch", w.batch());
        rec.put("size", w.size());
        rec.put("threads", backend.threads());
        rec.put("sec_per_iter", round(t.mean()));
        rec.put("items_per_sec", round(w.batch() / t.mean()));
        rec.put("sec_per_iter_min", round(t.min()));
        rec.put("sec_per_iter_median", round(t.median()));
        rec.put("sec_per_iter_max", round(t.max()));
        rec.put("items_per_sec_median", round(w.batch() / t.median()));
        rec.put("iters", iters);
        rec.put("warmup", warmup);
        rec.put("input_shape", w.inputShape());
        rec.put("num_classes", w.classes());
        rec.put("params", m.params());
        rec.put("impl", "pulmo");
        rec.put("dl4j", Provenance.dl4jVersion());
        rec.put("backend", backend.describe());
        try {
            return JSON.writeValueAsString(rec);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.5g", v));
    }
}
