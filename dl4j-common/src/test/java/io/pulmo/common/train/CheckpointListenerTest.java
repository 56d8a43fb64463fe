package io.pulmo.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.ImageBatchIterator;
import io.pulmo.common.data.ImageItem;
import io.pulmo.common.run.HistoryRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class CheckpointListenerTest {

    @TempDir
    static Path images;
    static List<ImageItem> items;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fixtures() {
        items = TrainFixtures.images(images);
    }

    /** After the checkpoint listener: what lies in the checkpoint folder at the end of each epoch. */
    static final class Snapshot implements TrainListener {
        final Path dir;
        final List<byte[]> last = new ArrayList<>();
        final List<byte[]> best = new ArrayList<>();
        final List<TrainingState> states = new ArrayList<>();
        final List<INDArray> params = new ArrayList<>();

        Snapshot(Path dir) {
            this.dir = dir;
        }

        @Override
        public void onEpochEnd(TrainingContext ctx, HistoryRow row) {
            try {
                last.add(Files.readAllBytes(dir.resolve(CheckpointListener.LAST)));
                Path b = dir.resolve(CheckpointListener.BEST);
                best.add(Files.exists(b) ? Files.readAllBytes(b) : null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            states.add(CheckpointListener.readState(dir));
            params.add(ctx.model().params().dup());
        }
    }

    @Test
    void lastEveryEpochBestOnlyOnImprovementAndStateRoundTrips() throws IOException {
        Path ckpt = tmp.resolve("checkpoints");
        Snapshot snap = new Snapshot(ckpt);
        TrainingState state = new TrainingState(0.01, 77L);
        state.getExtra().put("plateau_bad_epochs", 2);
        ComputationGraph model = TrainFixtures.model();

        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            new Trainer(3, "val_loss", List.of(new CheckpointListener(ckpt), snap)).fit(model, train,
                    TrainFixtures.ScriptedEvaluator.losses(0.5, 0.3, 0.4), state);
        }

        // last.zip changes every epoch; best.zip at epochs 1 and 2, untouched at epoch 3
        assertThat(Arrays.equals(snap.last.get(0), snap.last.get(1))).isFalse();
        assertThat(Arrays.equals(snap.last.get(1), snap.last.get(2))).isFalse();
        assertThat(snap.best).doesNotContainNull();
        assertThat(Arrays.equals(snap.best.get(0), snap.best.get(1))).isFalse();
        assertThat(snap.best.get(2)).isEqualTo(snap.best.get(1));

        assertThat(snap.states).extracting(TrainingState::getEpoch).containsExactly(1, 2, 3);
        assertThat(snap.states).extracting(TrainingState::getBestEpoch).containsExactly(1, 2, 2);
        assertThat(snap.states).extracting(TrainingState::getBadEpochs).containsExactly(0, 0, 1);

        TrainingState back = CheckpointListener.readState(ckpt);
        assertThat(back.getEpoch()).isEqualTo(3);
        assertThat(back.getBestEpoch()).isEqualTo(2);
        assertThat(back.getBestValue()).isEqualTo(0.3);
        assertThat(back.getBadEpochs()).isEqualTo(1);
        assertThat(back.getLr()).isEqualTo(0.01);
        assertThat(back.getSeed()).isEqualTo(77L);
        assertThat(back.getExtra()).containsEntry("plateau_bad_epochs", 2);

        ComputationGraph best = ModelSerializer.restoreComputationGraph(ckpt.resolve("best.zip").toFile(), true);
        ComputationGraph last = ModelSerializer.restoreComputationGraph(ckpt.resolve("last.zip").toFile(), true);
        assertThat(best.params()).isEqualTo(snap.params.get(1));
        assertThat(best.params()).isNotEqualTo(model.params());
        assertThat(last.params()).isEqualTo(model.params());
        assertThat(last.getUpdater().getStateViewArray()).as("updater state saved")
                .isEqualTo(model.getUpdater().getStateViewArray());

        try (Stream<Path> files = Files.list(ckpt)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("last.zip", "best.zip", "state.json");
        }
    }

    @Test
    void unreadableStateIsNamed() throws IOException {
        assertThatThrownBy(() -> CheckpointListener.readState(tmp))
                .isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("cannot resume: unreadable " + tmp.resolve("state.json"));

        Files.writeString(tmp.resolve("state.json"), "{\"epoch\": \"three\"}");
        assertThatThrownBy(() -> CheckpointListener.readState(tmp))
                .isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("cannot resume: unreadable");
    }
}
