package io.pulmo.common.data;

import io.pulmo.common.PulmoException;
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
 * What every Pulmo minibatch iterator shares: the epoch's order (dataset order, or a permutation seeded by
 * (seed, epoch)), decoding on a thread pool, an in-memory cache of decoded samples up to a byte budget (a quarter
 * of the heap), and DL4J's {@link DataSetIterator} plumbing. A subclass decodes one sample and turns it into its
 * slice of a batch's features and labels; the random source it gets per sample depends only on
 * (seed, epoch, draw position), so parallel decoding does not change results. Call {@link #setEpoch(int)} before
 * each pass.
 *
 * @param <T> the dataset item
 */
public abstract class BatchIterator<T> implements DataSetIterator, AutoCloseable {
    private final List<T> items;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final ConcurrentHashMap<Integer, float[]> cache = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();
    private final long cacheBudgetBytes = Runtime.getRuntime().maxMemory() / 4;
    private final ExecutorService pool;
    private int epoch = 1;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    /**
     * @param items         the samples, in dataset order
     * @param batchSize     samples per minibatch (the last one may be smaller)
     * @param shuffle       reorder each epoch (training) or keep dataset order (evaluation)
     * @param seed          seed for order and augmentation
     * @param loaderThreads threads decoding in parallel
     */
    protected BatchIterator(List<T> items, int batchSize, boolean shuffle, long seed, int loaderThreads) {
        if (items.isEmpty()) {
            throw new PulmoException("no images to iterate over");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("data.batch must be positive, got " + batchSize);
        }
        this.items = List.copyOf(items);
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.pool = Executors.newFixedThreadPool(Math.max(1, loaderThreads), r -> {
            Thread t = new Thread(r, "pulmo-loader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Decodes sample {@code item} (called once per sample while the cache has room); fails naming the file. */
    protected abstract float[] decode(T item);

    /** Features of one sample, {@code [c, h, w]} without the batch dimension. */
    protected abstract long[] featureShape();

    /** Labels of one sample, without the batch dimension. */
    protected abstract long[] labelShape();

    /**
     * Writes sample {@code item} into its slot of a batch.
     *
     * @param sample   a private copy of the decoded sample, free to change
     * @param rng      the sample's random source for augmentation
     * @param features the slot's part of the batch's features, {@code featureLength} values from {@code fOffset}
     * @param labels   the slot's part of the batch's labels, from {@code lOffset}
     */
    protected abstract void fill(T item, float[] sample, SplittableRandom rng, float[] features, int fOffset,
                                 float[] labels, int lOffset);

    /**
     * The order of one epoch when shuffling: a seeded permutation. A subclass may draw differently (with
     * replacement, weighted); the array's length is the epoch's number of samples.
     */
    protected int[] shuffledOrder(SplittableRandom rng) {
        return Shuffles.shuffle(identity(), rng);
    }

    private int[] identity() {
        int[] o = new int[items.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }

    /** Starts a pass over the data for the given 1-based epoch (its order and augmentation). */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        this.order = shuffle ? shuffledOrder(new SplittableRandom(seed * 31 + epoch)) : identity();
        cursor = 0;
    }

    /** Whether each epoch has its own order ({@link #shuffledOrder}); otherwise dataset order. */
    public boolean shuffles() {
        return shuffle;
    }

    /** Minibatches in one epoch. */
    public int batchesPerEpoch() {
        if (order == null) {
            setEpoch(epoch);
        }
        return (order.length + batchSize - 1) / batchSize;
    }

    /** The dataset positions of the current epoch, in the order they are served. */
    public int[] order() {
        if (order == null) {
            setEpoch(epoch);
        }
        return order.clone();
    }

    public List<T> items() {
        return items;
    }

    /** Decodes every sample once (filling the cache), so that a corrupt file fails before training starts. */
    public void checkAll() {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            final int index = i;
            futures.add(pool.submit(() -> sample(index)));
        }
        await(futures);
    }

    @Override
    public boolean hasNext() {
        if (order == null) {
            setEpoch(epoch);
        }
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
        int fLen = (int) length(featureShape());
        int lLen = (int) length(labelShape());
        float[] features = new float[n * fLen];
        float[] labels = new float[n * lLen];
        List<Future<?>> futures = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            final int slot = b;
            final int index = order[cursor + b];
            final int draw = cursor + b;
            futures.add(pool.submit(() -> fill(items.get(index), sample(index).clone(),
                    Augmentation.rngFor(seed, epoch, draw), features, slot * fLen, labels, slot * lLen)));
        }
        await(futures);
        cursor += n;
        DataSet ds = new DataSet(Nd4j.create(features, batchShape(n, featureShape())),
                Nd4j.create(labels, batchShape(n, labelShape())));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static long[] batchShape(int n, long[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    private float[] sample(int index) {
        float[] cached = cache.get(index);
        if (cached != null) {
            return cached;
        }
        float[] px = decode(items.get(index));
        long bytes = 4L * px.length;
        if (cachedBytes.get() + bytes <= cacheBudgetBytes && cache.putIfAbsent(index, px) == null) {
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
        return (int) length(featureShape());
    }

    @Override
    public int totalOutcomes() {
        return (int) length(labelShape());
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
