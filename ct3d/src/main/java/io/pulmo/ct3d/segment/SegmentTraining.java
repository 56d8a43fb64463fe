package io.pulmo.ct3d.segment;

import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.loss.SegmentationLoss;
import io.pulmo.common.loss.SegmentationLosses;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.train.EpochEvaluator;
import io.pulmo.common.train.TrainListener;
import io.pulmo.common.train.Training;
import io.pulmo.common.train.WeightTransfer;
import io.pulmo.ct3d.Ct3dModels;
import io.pulmo.ct3d.load.LunaCsv;
import io.pulmo.ct3d.load.LunaNodule;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training of the nodule segmentation model ({@code ct3d.stage: segment}): the book's
 * {@code SegmentationTrainingApp} ({@code p2ch13/training.py}) on the shared {@link Training} loop — random
 * {@code data.image.size} crops around the annotated nodules of the training series ({@link SegmentBatchIterator}),
 * {@code unet-luna} from {@link Ct3dModels}, {@code loss.type: luna-dice}.
 *
 * <p><b>Validation</b>, after every epoch, on every slice of the validation series that holds nodule voxels, whole:
 * <ul>
 *   <li>{@code val_loss}: the configured loss ({@link SegmentationLosses}) on those slices' logits, built for the
 *       slices' pixel count, averaged over slices;</li>
 *   <li>{@code val_recall}, {@code val_precision}, {@code val_dice}: {@link PixelTotals} of all those slices
 *       together at probability {@value #THRESHOLD} (an empty denominator gives 0, as in the book).</li>
 * </ul>
 * Validation batches hold about the pixels of one training batch (one 512² slice for the book's 16 crops of 64²), not
 * {@code data.batch} whole slices, so that validating needs no more memory than training.
 * The book keeps the model with the best recall; configs say so with {@code train.checkpoint_metric: val_recall}.
 * Without validation series, or when none of them has a nodule voxel, the run has no validation
 * ({@link EpochEvaluator#NONE}: the best epoch is the one with the lowest training loss).
 */
public final class SegmentTraining {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentTraining.class);

    /** The book's decision threshold for a pixel. */
    public static final double THRESHOLD = 0.5;
    /** Validation metrics per epoch, in {@code history.csv}'s column order (after {@code val_loss}). */
    public static final List<String> EPOCH_METRICS = List.of("recall", "precision", "dice");

    private SegmentTraining() {
    }

    /**
     * Trains {@code config}'s segmentation model into {@code run}.
     *
     * @param lunaRoot       LUNA16's root: {@code subset*}{@code /*.mhd} and {@value LunaCsv#ANNOTATIONS}
     * @param trainSeries    the training series
     * @param valSeries      the validation series (may be empty)
     * @param epochSamples   training crops per epoch (the book: 300,000)
     * @param resume         continue from {@code checkpoints/last.zip} when there is one
     * @param stats          where the dashboard's statistics go, or null
     * @param extraListeners trainer listeners called after the built-in ones
     * @throws PulmoException naming the file or series on bad data, or when no training series has a nodule
     */
    public static Training.Outcome train(ExperimentConfig config, Path lunaRoot, List<String> trainSeries,
                                         List<String> valSeries, int epochSamples, RunDirectory run, boolean resume,
                                         StatsStorageRouter stats, List<TrainListener> extraListeners) {
        Backend.init();
        WeightTransfer.checkPretrained(config.model(), Set.of());
        SeriesVolumes volumes = SeriesVolumes.onLunaRoot(lunaRoot, annotations(lunaRoot));
        int size = config.data().image().size();
        int channels = config.data().image().channels();
        int batch = config.data().batch();
        int threads = loaderThreads();
        try (SegmentBatchIterator train = SegmentBatchIterator.training(volumes, trainSeries, size, channels, batch,
                config.seed(), epochSamples, threads, true);
             SegmentBatchIterator val = validation(volumes, valSeries, config, threads)) {
            LOG.info("segmentation: {} nodules in {} training series, {} draws per epoch; {} validation slices in {} "
                            + "series", train.items().size(), trainSeries.size(), epochSamples,
                    val == null ? 0 : val.items().size(), valSeries.size());
            train.checkAll();
            EpochEvaluator evaluator = val == null ? EpochEvaluator.NONE : m -> epochResult(score(config, m, val));
            return Training.run(config, run, resume, () -> Ct3dModels.build(config), train, evaluator, stats,
                    extraListeners);
        }
    }

    /**
     * Scores {@code model} on the slices with nodule voxels of the test split's {@code series}, as validation scores
     * them, and returns the content of {@code metrics.json}: {@code task, stage, split, series, slices, threshold,
     * loss, recall, precision, dice, tp, fp, fn}. Without any such slice, {@code slices} is 0 and the loss and metrics
     * are null.
     */
    public static Map<String, Object> evaluate(ExperimentConfig config, ComputationGraph model, Path lunaRoot,
                                               List<String> series) {
        SeriesVolumes volumes = SeriesVolumes.onLunaRoot(lunaRoot, annotations(lunaRoot));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task", "ct3d");
        json.put("stage", "segment");
        json.put("split", "test");
        json.put("series", series.size());
        try (SegmentBatchIterator it = validation(volumes, series, config, loaderThreads())) {
            Scores s = it == null ? null : score(config, model, it);
            json.put("slices", s == null ? 0 : s.slices());
            json.put("threshold", THRESHOLD);
            json.put("loss", s == null ? null : s.loss());
            json.put("recall", s == null ? null : s.totals().recall());
            json.put("precision", s == null ? null : s.totals().precision());
            json.put("dice", s == null ? null : s.totals().dice());
            json.put("tp", s == null ? 0L : s.totals().tp());
            json.put("fp", s == null ? 0L : s.totals().fp());
            json.put("fn", s == null ? 0L : s.totals().fn());
        }
        return json;
    }

    /**
     * What one pass over full slices gives.
     *
     * @param loss   mean loss per slice
     * @param totals pixel counts at {@value #THRESHOLD}
     * @param slices slices scored
     */
    public record Scores(double loss, PixelTotals totals, int slices) {
    }

    /**
     * One pass of {@code model} over {@code slices} (full slices, in order): the configured loss for slices of
     * {@code rows × cols} pixels, and the pixel totals. Unlike {@link HeatMap}, slices are not padded: their sides
     * must be multiples of the network's pooling (4 for {@code unet-luna}; LUNA16's 512 is).
     *
     * @throws PulmoException naming the slice when the model outputs NaN, or the series when the slices do not fit
     */
    public static Scores score(ExperimentConfig config, ComputationGraph model, SegmentBatchIterator slices) {
        int multiple = HeatMap.sizeMultiple(model);
        if (slices.rows() % multiple != 0 || slices.cols() % multiple != 0) {
            throw new PulmoException("slices of " + slices.rows() + " x " + slices.cols() + " pixels (series "
                    + slices.items().get(0).seriesuid() + ") do not fit the segmentation model, whose pooling needs "
                    + "multiples of " + multiple);
        }
        int plane = slices.rows() * slices.cols();
        SegmentationLoss loss = SegmentationLosses.from(config.loss(), plane);
        ComputationGraphConfiguration conf = model.getConfiguration();
        String output = conf.getNetworkOutputs().get(0);
        String logits = conf.getVertexInputs().get(output).get(0);
        IActivation activation = activation(conf, output);
        double lossSum = 0;
        PixelTotals totals = PixelTotals.ZERO;
        int done = 0;
        slices.setEpoch(1);
        while (slices.hasNext()) {
            DataSet ds = slices.next();
            int n = ds.numExamples();
            INDArray[] acts = model.output(List.of(logits, output), false, new INDArray[] {ds.getFeatures()}, null);
            try {
                long pixels = (long) n * plane;
                INDArray z = acts[0].dup('c').reshape('c', pixels, 1);
                INDArray y = ds.getLabels().dup('c').reshape('c', pixels, 1);
                lossSum += loss.computeScore(y, z, activation, null, false);
                float[] p = acts[1].castTo(DataType.FLOAT).dup('c').data().asFloat();
                float[] t = ds.getLabels().castTo(DataType.FLOAT).dup('c').data().asFloat();
                for (int k = 0; k < n; k++, done++) {
                    for (int i = k * plane; i < (k + 1) * plane; i++) {
                        if (Float.isNaN(p[i])) {
                            throw new PulmoException("the segmentation model outputs NaN on slice "
                                    + slices.items().get(done).id() + " (training diverged: lower optimizer.lr)");
                        }
                    }
                    totals = totals.plus(PixelTotals.count(p, t, k * plane, plane, THRESHOLD));
                }
            } finally {
                for (INDArray a : acts) {
                    HeatMap.release(a);
                }
            }
        }
        return new Scores(lossSum / Math.max(1, done), totals, done);
    }

    private static EpochEvaluator.Result epochResult(Scores s) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("recall", s.totals().recall());
        m.put("precision", s.totals().precision());
        m.put("dice", s.totals().dice());
        return new EpochEvaluator.Result(s.loss(), m);
    }

    /**
     * The full-slice iterator of {@code series}, or null when no slice of theirs holds nodule voxels. Its batches
     * hold about as many pixels as a training batch ({@link #fullSliceBatch}).
     */
    private static SegmentBatchIterator validation(SeriesVolumes volumes, List<String> series, ExperimentConfig config,
                                                   int threads) {
        if (series.isEmpty()) {
            return null;
        }
        List<SegmentSample> slices = SegmentBatchIterator.positiveSlices(volumes, series);
        if (slices.isEmpty()) {
            LOG.warn("none of the {} series {}… has a nodule voxel: no segmentation scores for them", series.size(),
                    series.get(0));
            return null;
        }
        SeriesVolumes.Grid grid = volumes.grid(slices.get(0).seriesuid());
        int batch = fullSliceBatch(config.data().batch(), config.data().image().size(), grid.rows(), grid.cols());
        return SegmentBatchIterator.validation(volumes, series, config.data().image().channels(), batch, threads);
    }

    /**
     * Full slices per validation batch: as many as hold the pixels of one training batch ({@code batch} crops of
     * {@code size²}), at least 1 and at most {@code batch}. The network's memory grows with the pixels it is given
     * (about 0.5 GB per 512 × 512 slice for {@code unet-luna} on the CPU, measured), so validation never needs more
     * than training: the book's batch of 16 crops of 64² gives one 512² slice at a time. Inference uses running
     * BatchNorm statistics, so the batch size does not change the scores.
     */
    static int fullSliceBatch(int batch, int size, int rows, int cols) {
        long pixels = (long) batch * size * size;
        return (int) Math.max(1, Math.min(batch, pixels / ((long) rows * cols)));
    }

    private static List<LunaNodule> annotations(Path lunaRoot) {
        return LunaCsv.readAnnotations(lunaRoot.resolve(LunaCsv.ANNOTATIONS));
    }

    /** Decoding threads: no more than the volumes {@link SeriesVolumes#onLunaRoot} holds, so each scan is read once. */
    private static int loaderThreads() {
        return Math.min(SeriesVolumes.DEFAULT_MAX_VOLUMES, Math.max(1, Backend.info().threads()));
    }

    /** The activation of the network's output layer (the sigmoid of {@code unet-luna}). */
    private static IActivation activation(ComputationGraphConfiguration conf, String output) {
        if (conf.getVertices().get(output) instanceof LayerVertex v) {
            Layer layer = v.getLayerConf().getLayer();
            if (layer instanceof CnnLossLayer l) {
                return l.getActivationFn();
            }
            if (layer instanceof BaseOutputLayer l) {
                return l.getActivationFn();
            }
        }
        throw new PulmoException("the segmentation model's output '" + output + "' is not a loss layer");
    }
}
