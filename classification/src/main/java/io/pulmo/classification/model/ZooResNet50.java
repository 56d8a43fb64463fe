package io.pulmo.classification.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.CheckpointListener;
import io.pulmo.common.train.Optimizers;
import io.pulmo.common.train.WeightTransfer.Stage;
import org.apache.commons.io.FileUtils;
import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.common.resources.ResourceType;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.model.ResNet50;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.zip.Adler32;

/**
 * {@code model.arch: resnet50-zoo}: DL4J's zoo {@code ResNet50}, the topology its ImageNet weights
 * ({@code model.pretrained: imagenet}) belong to. It differs from the torchvision-exact {@code resnet50}: Keras-style
 * blocks with the stride on the first 1×1 convolution, biases on every convolution, a stride-2 first stage, and
 * about a quarter of torchvision's FLOPs at 224 px; never compare its speed with the PyTorch peer.
 *
 * <p>The zoo's backbone (stem to {@code res5c_branch}) is kept as the zoo builds it; its 3×3 max-pool and
 * 1000-class output are replaced by a global average pool ({@code avgpool}) and Pulmo's head, so any input of at
 * least {@value #MIN_SIZE} px works. The zoo's updater and L1/L2 are replaced by {@code optimizer.*}.
 * The weights were converted from Keras, which fed them BGR images with the ImageNet mean subtracted ("caffe"
 * preprocessing); Pulmo feeds RGB with ImageNet's mean and standard deviation (torchvision's convention), so
 * fine-tuning adapts the first layers to that.
 */
public final class ZooResNet50 {
    private static final Logger LOG = LoggerFactory.getLogger(ZooResNet50.class);

    public static final String ARCH = "resnet50-zoo";
    /** The smallest input side that leaves the last stage a feature map. */
    public static final int MIN_SIZE = 32;
    /** Stages after the stem: the zoo's {@code res2…res5} (with their {@code bn}, {@code act} and shortcut vertices). */
    public static final List<Stage> STAGES = List.of(stage(2), stage(3), stage(4), stage(5));
    /** The last vertex of the zoo's backbone. */
    static final String FEATURES = "res5c_branch";

    private ZooResNet50() {
    }

    private static Stage stage(int n) {
        return Stage.of("res" + n, "(res|bn|act|short)" + n + "[a-f]_.*");
    }

    /** Builds the zoo topology for {@code data.image} with Pulmo's head, randomly initialised. */
    public static ComputationGraph build(ExperimentConfig config) {
        int size = config.data().image().size();
        int channels = config.data().image().channels();
        if (size < MIN_SIZE) {
            throw new PulmoException("data.image.size must be at least " + MIN_SIZE + " for " + ARCH + ", got " + size);
        }
        ComputationGraphConfiguration.GraphBuilder g = zoo(config).graphBuilder();
        g.removeVertex("output");
        g.removeVertex("avgpool");
        g.addLayer("avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), FEATURES);
        Models.head(g, config, "avgpool");
        ComputationGraphConfiguration conf = g.build();
        Optimizers.applyToLayers(conf, config.optimizer());
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static ResNet50 zoo(ExperimentConfig config) {
        return ResNet50.builder()
                .seed(config.seed())
                .inputShape(new int[] {config.data().image().channels(), config.data().image().size(),
                        config.data().image().size()})
                .numClasses(config.model().classes())
                .weightInit(new WeightInitXavierUniform())
                .cacheMode(CacheMode.DEVICE)
                .build();
    }

    /** Where DL4J's zoo keeps the ImageNet weights: its model cache ({@code ~/.deeplearning4j/models/resnet50/}). */
    public static File imagenetFile() {
        ResNet50 zoo = ResNet50.builder().build();
        String url = zoo.pretrainedUrl(PretrainedType.IMAGENET);
        File dir = new File(new File(DL4JResources.getBaseDirectory(), ResourceType.ZOO_MODEL.resourceName()),
                zoo.modelName());
        return new File(dir, new File(url).getName());
    }

    /**
     * The zoo's ImageNet-trained ResNet50 from the local cache. Nothing is downloaded: a missing file is an error
     * that says where to put it. A file whose checksum differs from the published one is used with a warning.
     */
    public static ComputationGraph imagenet() {
        ResNet50 zoo = ResNet50.builder().build();
        File file = imagenetFile();
        if (!file.isFile()) {
            throw new PulmoException("model.pretrained: imagenet needs DL4J's zoo ResNet50 weights, missing: " + file
                    + " (this machine does not download: copy " + zoo.pretrainedUrl(PretrainedType.IMAGENET)
                    + " there, or set the DL4J resources directory with -D" + DL4JResources.DL4J_RESOURCES_DIR_PROPERTY + ")");
        }
        try {
            long checksum = FileUtils.checksum(file, new Adler32()).getValue();
            if (checksum != zoo.pretrainedChecksum(PretrainedType.IMAGENET)) {
                LOG.warn("{}: Adler-32 checksum {} differs from the published {}: not the zoo's own file",
                        file, checksum, zoo.pretrainedChecksum(PretrainedType.IMAGENET));
            }
        } catch (IOException e) {
            throw new PulmoException("unreadable checkpoint " + file + ": " + e.getMessage(), e);
        }
        return CheckpointListener.restore(file.toPath(), false);
    }
}
