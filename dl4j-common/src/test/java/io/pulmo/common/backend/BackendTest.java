package io.pulmo.common.backend;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;

class BackendTest {

    @Test
    void reportsCpuBackendWithOneDnnNativesAndHelpers() {
        BackendInfo info = Backend.init(2);
        assertThat(info.backend()).isEqualToIgnoringCase("CPU");
        assertThat(info.threads()).isEqualTo(2);
        assertThat(info.dataType()).isEqualTo("FLOAT");
        assertThat(info.nativeOneDnn()).as("native build info: %s", info.buildInfo()).isTrue();
        assertThat(info.layerHelpers()).isTrue();
        assertThat(info.describe()).contains("CPU").contains("oneDNN natives: yes").contains("layer helpers: on");
    }

    @Test
    void convolutionPoolingAndBatchNormRunThroughOneDnnHelpers() {
        Backend.init(2);
        ComputationGraph net = smallNet(1);
        assertThat(net.getLayer("conv").getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(net.getLayer("pool").getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
        assertThat(net.getLayer("bn").getHelper()).isInstanceOf(MKLDNNBatchNormHelper.class);
    }

    @Test
    void gradientsWithHelpersEqualThoseWithout() {
        Backend.init(2);
        ComputationGraph withHelpers = smallNet(7);
        String previous = System.getProperty(Backend.HELPERS_DISABLE_PROPERTY);
        ComputationGraph without;
        try {
            System.setProperty(Backend.HELPERS_DISABLE_PROPERTY, "true");
            without = smallNet(7);
        } finally {
            System.setProperty(Backend.HELPERS_DISABLE_PROPERTY, previous);
        }
        for (Layer l : without.getLayers()) {
            assertThat(l.getHelper()).as(l.conf().getLayer().getLayerName()).isNull();
        }
        without.setParams(withHelpers.params().dup());

        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 12, 12);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        withHelpers.setInputs(x);
        withHelpers.setLabels(y);
        withHelpers.computeGradientAndScore();
        without.setInputs(x);
        without.setLabels(y);
        without.computeGradientAndScore();

        assertThat(withHelpers.score()).isCloseTo(without.score(), org.assertj.core.data.Offset.offset(1e-4));
        INDArray g1 = withHelpers.gradient().gradient();
        INDArray g2 = without.gradient().gradient();
        double scale = g2.norm2Number().doubleValue();
        assertThat(scale).isGreaterThan(0);
        assertThat(g1.sub(g2).norm2Number().doubleValue() / scale).isLessThan(1e-3);
    }

    private static ComputationGraph smallNet(long seed) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Sgd(0.1))
                .cacheMode(CacheMode.DEVICE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(12, 12, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build());
        net.init();
        return net;
    }
}
