package io.pulmo.common.data;

import io.pulmo.common.PulmoException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Minibatches of labelled images: features {@code [b, c, s, s]} normalised per channel, labels one-hot
 * {@code [b, classes]} or, for a single-logit binary model, {@code [b, 1]} holding 1 for class index 1.
 *
 * <p>Decoded images are cached in memory up to a byte budget, so later epochs skip decoding. With
 * {@code shuffle}, the order of each epoch is a seeded permutation of (seed, epoch); augmentation gets a random
 * source per (seed, epoch, draw position in the epoch), so parallel decoding does not change results.
 * Call {@link #setEpoch(int)} before each pass.
 */
public final class ImageBatchIterator implements DataSetIterator, AutoCloseable {
    private final List<ImageItem> items;
    private final int numClasses;
    private final boolean singleLogit;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Augmentation augmentation;
    private final int size;
    private final int channels;
    private final Normalization normalization;
    private final ThreadLocal<ImageDecoder> decoders;
    private final ConcurrentHashMap<String, float[]> cache = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();
    private final long cacheBudgetBytes;
    private final ExecutorService pool;
    private boolean weighted;
    private int epoch = 1;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    /**
     * @param items        the images, in dataset order
     * @param numClasses   number of classes
     * @param singleLogit  labels as one column for a binary model with one sigmoid output
     * @param batchSize    images per minibatch (the last one may be smaller)
     * @param size         image height and width
     * @param channels     1 or 3
     * @param mean         per-channel mean subtracted after scaling to [0, 1]
     * @param std          per-channel standard deviation divided by
     * @param shuffle      reorder each epoch (training) or keep dataset order (evaluation)
     * @param seed         seed for order and augmentation
     * @param augmentation per-sample augmentation (training only)
     * @param loaderThreads threads decoding images in parallel
     */
    public ImageBatchIterator(List<ImageItem> items, int numClasses, boolean singleLogit, int batchSize, int size,
                              int channels, float[] mean, float[] std, boolean shuffle, long seed,
                              Augmentation augmentation, int loaderThreads) {
        if (items.isEmpty()) {
            throw new PulmoException("no images to iterate over");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("data.batch must be positive, got " + batchSize);
        }
        this.items = List.copyOf(items);
        this.numClasses = numClasses;
        this.singleLogit = singleLogit;
        this.batchSize = batchSize;
        this.size = size;
        this.channels = channels;
        this.normalization = new Normalization(mean.clone(), std.clone());
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmentation = augmentation;
        this.decoders = ThreadLocal.withInitial(() -> new ImageDecoder(size, channels));
        this.cacheBudgetBytes = Runtime.getRuntime().maxMemory() / 4;
        this.pool = Executors.newFixedThreadPool(Math.max(1, loaderThreads), r -> {
            Thread t = new Thread(r, "pulmo-loader");
            t.setDaemon(true);
            return t;
        });
        setEpoch(1);
    }

    /** Starts a pass over the data for the given 1-based epoch (its order and augmentation). */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        this.order = new int[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (weighted) {
            order = weightedDraw(new SplittableRandom(seed * 31 + epoch));
        } else if (shuffle) {
            SplittableRandom rng = new SplittableRandom(seed * 31 + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
    }

    /**
     * Draws each epoch's order like PyTorch's {@code WeightedRandomSampler} with class-frequency weights: as many
     * draws as images, with replacement, each image weighted {@code 1 / N_class}, so every class is drawn equally
     * often in expectation. Training only.
     */
    public ImageBatchIterator weightedSampling(boolean on) {
        this.weighted = on;
        setEpoch(epoch);
        return this;
    }

    private int[] weightedDraw(SplittableRandom rng) {
        int[] perClass = new int[numClasses];
        items.forEach(i -> perClass[i.label()]++);
        double[] cumulative = new double[items.size()];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            total += 1.0 / perClass[items.get(i).label()];
            cumulative[i] = total;
        }
        int[] drawn = new int[items.size()];
        for (int i = 0; i < drawn.length; i++) {
            int j = java.util.Arrays.binarySearch(cumulative, rng.nextDouble() * total);
            drawn[i] = Math.min(j >= 0 ? j : -j - 1, cumulative.length - 1);
        }
        return drawn;
    }

    /** The dataset positions of the current epoch, in the order they are served. */
    public int[] order() {
        return order.clone();
    }

    public List<ImageItem> items() {
        return items;
    }

    /** Decodes every image once (filling the cache), so that a corrupt file fails before training starts. */
    public void checkAll() {
        List<Future<?>> futures = new ArrayList<>();
        for (ImageItem item : items) {
            futures.add(pool.submit(() -> pixels(item)));
        }
        await(futures);
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int n = Math.min(num, order.length - cursor);
        int len = channels * size * size;
        float[] features = new float[n * len];
        float[] labels = new float[n * (singleLogit ? 1 : numClasses)];
        List<Future<?>> futures = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            final int slot = b;
            final int index = order[cursor + b];
            final int draw = cursor + b;
            futures.add(pool.submit(() -> {
                float[] px = pixels(items.get(index)).clone();
                if (augmentation != Augmentation.NONE) {
                    augmentation.apply(px, channels, size, size, Augmentation.rngFor(seed, epoch, draw));
                }
                normalization.apply(px);
                System.arraycopy(px, 0, features, slot * len, len);
            }));
            int label = items.get(index).label();
            if (singleLogit) {
                labels[b] = label == 1 ? 1f : 0f;
            } else {
                labels[b * numClasses + label] = 1f;
            }
        }
        await(futures);
        cursor += n;
        INDArray f = Nd4j.create(features, new long[]{n, channels, size, size});
        INDArray l = Nd4j.create(labels, new long[]{n, singleLogit ? 1 : numClasses});
        DataSet ds = new DataSet(f, l);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    private float[] pixels(ImageItem item) {
        float[] cached = cache.get(item.id());
        if (cached != null) {
            return cached;
        }
        float[] px = decoders.get().decode(item.path());
        long bytes = 4L * px.length;
        if (cachedBytes.get() + bytes <= cacheBudgetBytes) {
            cache.put(item.id(), px);
            cachedBytes.addAndGet(bytes);
        }
        return px;
    }

    private static void await(List<Future<?>> futures) {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PulmoException("interrupted while loading images", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new PulmoException("image loading failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public int inputColumns() {
        return channels * size * size;
    }

    @Override
    public int totalOutcomes() {
        return singleLogit ? 1 : numClasses;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        setEpoch(epoch);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
