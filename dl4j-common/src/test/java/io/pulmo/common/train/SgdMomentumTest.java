package io.pulmo.common.train;

import io.pulmo.common.backend.Backend;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SgdMomentumTest {

    @Test
    void followsPyTorchsHeavyBallTrajectoryOnAQuadratic() {
        // loss 0.5·θ², gradient θ; torch.optim.SGD(lr=0.1, momentum=0.9) from θ=1:
        // v1=1, θ1=0.9; v2=0.9·1+0.9=1.8, θ2=0.72; v3=0.9·1.8+0.72=2.34, θ3=0.486
        double[] expected = {0.9, 0.72, 0.486};
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        GradientUpdater<?> u = new SgdMomentum(0.1, 0.9).instantiate(state, true);
        double theta = 1;
        for (int t = 0; t < expected.length; t++) {
            INDArray g = Nd4j.scalar(DataType.DOUBLE, theta).reshape(1, 1);
            u.applyUpdater(g, t, 0);
            theta -= g.getDouble(0);
            assertThat(theta).as("step %d", t + 1).isCloseTo(expected[t], within(1e-12));
        }
        assertThat(state.getDouble(0)).as("velocity lives in the state view").isCloseTo(2.34, within(1e-12));
    }

    @Test
    void aNetworkWithItSavesAndRestoresTheUpdaterAndItsState(@TempDir Path tmp) throws Exception {
        Backend.init(2);
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new SgdMomentum(0.05, 0.9)).graphBuilder().addInputs("in")
                .setInputTypes(InputType.feedForward(3))
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "in").setOutputs("out").build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3);
        INDArray y = Nd4j.rand(DataType.FLOAT, 8, 2);
        double first = 0;
        for (int i = 0; i < 20; i++) {
            net.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
            if (i == 0) {
                first = net.score();
            }
        }
        assertThat(net.score()).isLessThan(first / 2);
        Path file = tmp.resolve("m.zip");
        ModelSerializer.writeModel(net, file.toFile(), true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file.toFile(), true);
        assertThat(back.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
        assertThat(back.getLayer("out").conf().getLayer()).extracting("iUpdater").isEqualTo(new SgdMomentum(0.05, 0.9));
    }
}
