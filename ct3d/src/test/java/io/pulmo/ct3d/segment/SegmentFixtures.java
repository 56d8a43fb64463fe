package io.pulmo.ct3d.segment;

import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.Geometry;
import io.pulmo.ct3d.load.XyzMm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Hand-built CTs and configs of the segmentation tests. */
final class SegmentFixtures {

    private SegmentFixtures() {
    }

    /** A volume of air (−1000 HU) on the default geometry: voxel (i, r, c) lies at (x, y, z) = (c, r, i) mm. */
    static short[] air(int depth, int rows, int cols) {
        short[] hu = new short[depth * rows * cols];
        Arrays.fill(hu, (short) -1000);
        return hu;
    }

    /** Sets the box {@code [i0, i1] × [r0, r1] × [c0, c1]} (inclusive) to {@code value}. */
    static void box(short[] hu, int rows, int cols, int i0, int i1, int r0, int r1, int c0, int c1, int value) {
        for (int i = i0; i <= i1; i++) {
            for (int r = r0; r <= r1; r++) {
                for (int c = c0; c <= c1; c++) {
                    hu[(i * rows + r) * cols + c] = (short) value;
                }
            }
        }
    }

    static CtVolume volume(String uid, int depth, int rows, int cols, short[] hu) {
        return CtVolume.of(uid, depth, rows, cols, Geometry.DEFAULT, hu);
    }

    /** The patient position of voxel (index, row, col) on the default geometry. */
    static XyzMm at(int index, int row, int col) {
        return new XyzMm(col, row, index);
    }

    /** Lung-like noise (−900 ± 50 HU) with soft-tissue cubes of side 5 (+40 HU) centred at {@code centres}. */
    static CtVolume noisyWithCubes(String uid, int depth, int rows, int cols, long seed, int[]... centres) {
        SplittableRandom rng = new SplittableRandom(seed);
        short[] hu = new short[depth * rows * cols];
        for (int k = 0; k < hu.length; k++) {
            hu[k] = (short) (-900 + rng.nextInt(101) - 50);
        }
        for (int[] c : centres) {
            box(hu, rows, cols, c[0] - 2, c[0] + 2, c[1] - 2, c[1] + 2, c[2] - 2, c[2] + 2, 40);
        }
        return volume(uid, depth, rows, cols, hu);
    }

    /**
     * A {@code task: ct3d} segmentation config (unet-luna on 64² crops of 7 slices, luna-dice, Adam, best checkpoint
     * by val_recall) read from YAML through {@link ConfigLoader}, as configs are.
     */
    static ExperimentConfig config(Path dir, int base, int batch, int epochs, double lr) throws IOException {
        Path yaml = Files.writeString(dir.resolve("segment-test.yaml"), """
                name: seg
                task: ct3d
                seed: 7
                data: {image: {size: 64, channels: 7}, batch: %d}
                model: {arch: unet-luna, base: %d}
                loss: {type: luna-dice}
                optimizer: {type: adam, lr: %s}
                train: {epochs: %d, checkpoint_metric: val_recall}
                """.formatted(batch, base, Double.toString(lr), epochs));
        return ConfigLoader.load(yaml, List.of()).variants().get(0).config();
    }
}
