package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.Ct3dConfig;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.CheckpointListener;
import io.pulmo.ct3d.classify.ChunkClassifierTask;
import io.pulmo.ct3d.classify.ChunkTarget;
import io.pulmo.ct3d.diagnose.LunaPipeline;
import io.pulmo.ct3d.diagnose.PipelineModels;
import io.pulmo.ct3d.diagnose.ScanDiagnosis;
import io.pulmo.ct3d.load.CandidateInfo;
import io.pulmo.ct3d.load.CtCache;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.LunaVolumes;
import io.pulmo.ct3d.load.MetaImage;
import io.pulmo.ct3d.load.XyzMm;
import io.pulmo.ct3d.segment.HeatMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pulmo ct3d segment | classify | diagnose}: the trained LUNA stages one at a time on new scans. */
final class Ct3dStageCommands {
    private Ct3dStageCommands() {
    }

    /**
     * The best checkpoint of {@code stage} in {@code run}: the run itself when it trained that stage, else its
     * {@code stage/} directory (an end-to-end run).
     */
    static ComputationGraph stageModel(Path run, String stageDir) {
        Path own = run.resolve("checkpoints").resolve(CheckpointListener.BEST);
        Path nested = run.resolve(stageDir).resolve("checkpoints").resolve(CheckpointListener.BEST);
        if (Files.isRegularFile(nested)) {
            return CheckpointListener.restore(nested, false);
        }
        if (Files.isRegularFile(own)) {
            return CheckpointListener.restore(own, false);
        }
        throw new PulmoException("--model " + run + ": no trained " + stageDir + " model (" + own + " or " + nested
                + " expected)");
    }

    /** Fails on the first of {@code volumes} that is not a file, naming it. */
    private static void requireFiles(List<Path> volumes) {
        for (Path v : volumes) {
            if (!Files.isRegularFile(v)) {
                throw new PulmoException("no such volume: " + v);
            }
        }
    }

    private static String stem(Path file) {
        return file.getFileName().toString().replaceAll("(?i)\\.(mhd|mha)$", "");
    }

    @Command(name = "segment", mixinStandardHelpOptions = true,
            description = "Nodule heat maps: the segmentation model over every slice of each volume, written as a "
                    + "MetaImage of probabilities (MET_FLOAT, the CT's geometry) named after the volume.")
    static final class Segment implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "RUN_DIR",
                description = "a segment run, or an end-to-end run (its segment/)")
        Path model;

        @Parameters(arity = "1..*", paramLabel = "VOLUME")
        List<Path> volumes;

        @Option(names = "--out", paramLabel = "DIR", description = "where the heat maps go (default: RUN_DIR/heatmaps)")
        Path out;

        @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "slices per batch (default: ${DEFAULT-VALUE})")
        int batch;

        @Override
        public Integer call() throws IOException {
            Backend.init();
            requireFiles(volumes);
            ComputationGraph net = stageModel(model, PipelineModels.SEGMENT_DIR);
            Path dir = out != null ? out : model.resolve("heatmaps");
            Files.createDirectories(dir);
            PrintWriter o = spec.commandLine().getOut();
            for (Path v : volumes) {
                CtVolume ct = CtVolume.read(v);
                MetaImage heat = HeatMap.infer(net, ct, LunaPipeline.slicesPerBatch(ct, batch));
                Path file = dir.resolve(stem(v) + ".mhd");
                HeatMap.write(heat, file);
                float max = 0;
                for (float p : heat.floats()) {
                    max = Math.max(max, p);
                }
                o.printf(Locale.ROOT, "%s -> %s (max probability %.4f)%n", v, file, max);
                o.flush();
            }
            return 0;
        }
    }

    @Command(name = "classify", mixinStandardHelpOptions = true,
            description = "Nodule (or with --malignancy, malignancy) probabilities of candidates: CSV in LUNA16's "
                    + "submission format seriesuid,coordX,coordY,coordZ,probability.")
    static final class Classify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "RUN_DIR",
                description = "a nodule (malignancy) run, or an end-to-end run")
        Path model;

        @Option(names = "--candidates", required = true, paramLabel = "C.csv",
                description = "rows with seriesuid,coordX,coordY,coordZ (LUNA16's candidates.csv, or ct3d group's output)")
        Path candidates;

        @Option(names = "--data", paramLabel = "ROOT", description = "LUNA16 root: volumes under subset*/")
        Path root;

        @Option(names = "--ct", paramLabel = "CT.mhd", description = "the volumes, named {seriesuid}.mhd (repeatable)")
        List<Path> cts = new ArrayList<>();

        @Option(names = "--malignancy", description = "score malignancy instead of nodule")
        boolean malignancy;

        @Option(names = "--out", paramLabel = "FILE.csv", description = "write there instead of stdout")
        Path out;

        @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "chunks per batch (default: ${DEFAULT-VALUE})")
        int batch;

        @Override
        public Integer call() throws IOException {
            Backend.init();
            if ((root == null) == cts.isEmpty()) {
                throw new PulmoException("give the volumes with either --data ROOT or --ct FILE...");
            }
            List<CandidateInfo> rows = readCandidates(candidates);
            Map<String, Path> volumes = new HashMap<>();
            if (root != null) {
                volumes.putAll(LunaVolumes.index(root));
            }
            for (Path c : cts) {
                volumes.put(stem(c), c);
            }
            for (CandidateInfo c : rows) {
                if (!volumes.containsKey(c.seriesuid())) {
                    throw new PulmoException(candidates + ": no volume of series " + c.seriesuid()
                            + (root != null ? " under " + root + "/subset*" : " among --ct"));
                }
            }
            ChunkTarget target = malignancy ? ChunkTarget.MALIGNANCY : ChunkTarget.NODULE;
            ComputationGraph net = stageModel(model, malignancy ? PipelineModels.MALIGNANCY_DIR
                    : PipelineModels.NODULE_DIR);
            CtCache cache = new CtCache(uid -> CtVolume.read(volumes.get(uid)),
                    Runtime.getRuntime().maxMemory() / 8, 0);
            List<CandidateInfo> bySeries = new ArrayList<>(rows);
            bySeries.sort(java.util.Comparator.comparing(CandidateInfo::seriesuid));
            double[][] p = ChunkClassifierTask.probabilities(net, target, bySeries, cache, batch);
            Map<CandidateInfo, Double> score = new HashMap<>();
            for (int i = 0; i < bySeries.size(); i++) {
                score.put(bySeries.get(i), p[i][1]);
            }
            StringBuilder csv = new StringBuilder("seriesuid,coordX,coordY,coordZ,probability\n");
            for (CandidateInfo c : rows) {
                csv.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.6f%n", c.seriesuid(), c.centre().x(),
                        c.centre().y(), c.centre().z(), score.get(c)));
            }
            if (out != null) {
                Files.writeString(out, csv, StandardCharsets.UTF_8);
                spec.commandLine().getOut().println(rows.size() + " candidates -> " + out);
            } else {
                spec.commandLine().getOut().print(csv);
            }
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static List<CandidateInfo> readCandidates(Path csv) throws IOException {
            if (!Files.isRegularFile(csv)) {
                throw new PulmoException("no such file: " + csv);
            }
            List<CandidateInfo> rows = new ArrayList<>();
            try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                 CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                         .setIgnoreEmptyLines(true).build().parse(r)) {
                for (String column : List.of("seriesuid", "coordX", "coordY", "coordZ")) {
                    if (!p.getHeaderMap().containsKey(column)) {
                        throw new PulmoException(csv + ": no column '" + column + "'");
                    }
                }
                for (CSVRecord rec : p) {
                    try {
                        rows.add(new CandidateInfo(false, false, false, 0.0, rec.get("seriesuid"), new XyzMm(
                                Double.parseDouble(rec.get("coordX")), Double.parseDouble(rec.get("coordY")),
                                Double.parseDouble(rec.get("coordZ")))));
                    } catch (IllegalArgumentException e) {
                        throw new PulmoException(csv + " line " + rec.getRecordNumber() + ": " + e.getMessage(), e);
                    }
                }
            }
            return rows;
        }
    }

    @Command(name = "diagnose", mixinStandardHelpOptions = true,
            description = "The whole pipeline on each volume (segment, group, classify, malignancy): CSV rows "
                    + "seriesuid,diagnosis,score,candidates,nodules; with --out also each scan's detections.")
    static final class Diagnose implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "an end-to-end run")
        Path model;

        @Parameters(arity = "1..*", paramLabel = "VOLUME")
        List<Path> volumes;

        @Option(names = "--out", paramLabel = "DIR",
                description = "write detections.csv (LUNA16 submission format) and the heat maps there")
        Path out;

        @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "slices or chunks per batch (default: ${DEFAULT-VALUE})")
        int batch;

        @Override
        public Integer call() throws IOException {
            Backend.init();
            requireFiles(volumes);
            Path configYaml = model.resolve("config.yaml");
            if (!Files.isRegularFile(configYaml)) {
                throw new PulmoException("--model " + model + ": not a run directory (no config.yaml)");
            }
            ExperimentConfig config = ConfigLoader.load(configYaml).variants().get(0).config();
            Ct3dConfig c = config.ct3dOrDefault();
            PipelineModels models = new PipelineModels(stageModel(model, PipelineModels.SEGMENT_DIR),
                    stageModel(model, PipelineModels.NODULE_DIR), stageModel(model, PipelineModels.MALIGNANCY_DIR));
            if (out != null) {
                Files.createDirectories(out);
            }
            PrintWriter o = spec.commandLine().getOut();
            o.println("seriesuid,diagnosis,score,candidates,nodules");
            StringBuilder detections = new StringBuilder("seriesuid,coordX,coordY,coordZ,probability\n");
            for (Path v : volumes) {
                CtVolume ct = CtVolume.read(v);
                ScanDiagnosis d = LunaPipeline.diagnose(ct, models, c, batch,
                        out == null ? null : heat -> HeatMap.write(heat, out.resolve(stem(v) + "-heatmap.mhd")));
                o.printf(Locale.ROOT, "%s,%s,%.6f,%d,%d%n", d.seriesuid(), d.diagnosed() ? "malignant" : "negative",
                        d.score(), d.findings().size(), d.nodules());
                o.flush();
                d.findings().forEach(f -> detections.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.6f%n",
                        d.seriesuid(), f.centre().x(), f.centre().y(), f.centre().z(), f.noduleProbability())));
            }
            if (out != null) {
                Files.writeString(out.resolve("detections.csv"), detections, StandardCharsets.UTF_8);
            }
            return 0;
        }
    }
}
