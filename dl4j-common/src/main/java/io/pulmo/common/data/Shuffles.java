package io.pulmo.common.data;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded Fisher–Yates shuffles, the one way Pulmo reorders data, so equal seeds give equal orders everywhere. */
public final class Shuffles {
    private Shuffles() {
    }

    /** Shuffles {@code values} in place and returns it. */
    public static int[] shuffle(int[] values, SplittableRandom rng) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }

    /** Shuffles a mutable list in place and returns it. */
    public static <T> List<T> shuffle(List<T> values, SplittableRandom rng) {
        for (int i = values.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = values.get(i);
            values.set(i, values.get(j));
            values.set(j, t);
        }
        return values;
    }
}
