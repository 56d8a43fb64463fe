package io.pulmo.common.backend;

import io.pulmo.common.PulmoException;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where ND4J and DL4J are set up: threads, data type, and the oneDNN layer helpers.
 *
 * <p>DL4J 1.0.0-M2.1 ships with its layer helpers switched off (system property
 * {@value #HELPERS_DISABLE_PROPERTY} defaults to {@code true}) and, even when they are switched on,
 * drops every oneDNN helper because its availability check looks up a class that moved
 * (see {@link org.nd4j.nativeblas.Nd4jCpu}). {@link #init(int)} switches them on before any model is
 * built; with the oneDNN build of the natives, 2-D convolution, pooling and batch-norm then run through
 * oneDNN instead of Java-driven im2col + gemm. Call it before building any model.
 */
public final class Backend {
    /** DL4J's switch for its layer helpers (cuDNN and oneDNN). */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private static final Logger log = LoggerFactory.getLogger(Backend.class);
    private static BackendInfo info;

    private Backend() {
    }

    /** Sets up with the thread count from {@code OMP_NUM_THREADS}, else all available cores. */
    public static synchronized BackendInfo init() {
        return init(defaultThreads());
    }

    /**
     * Sets up ND4J once per JVM (later calls return the first result, with the thread count updated).
     *
     * @param threads worker threads for ND4J's native ops, at least 1
     */
    public static synchronized BackendInfo init(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
            System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        }
        try {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        } catch (RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new PulmoException("no usable ND4J backend (" + root.getMessage() + "); a -Pcuda build needs an "
                    + "NVIDIA driver and CUDA 11.6, the default build runs on any x86-64 CPU", e);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        if (info == null) {
            String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "unknown");
            String build = buildInfo();
            boolean nativeOneDnn = build.contains("HAVE_ONEDNN");
            boolean helpers = !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE_PROPERTY))
                    && "CPU".equalsIgnoreCase(backend) && BaseMKLDNNHelper.mklDnnEnabled();
            info = new BackendInfo(backend, threads, Nd4j.dataType().name(), nativeOneDnn, helpers,
                    build.replaceAll("\\s+", " ").trim());
            log.info(info.describe());
        } else if (info.threads() != threads) {
            info = new BackendInfo(info.backend(), threads, info.dataType(), info.nativeOneDnn(), info.layerHelpers(),
                    info.buildInfo());
        }
        return info;
    }

    /** The set-up result, initialising with defaults if nothing has yet. */
    public static synchronized BackendInfo info() {
        return info != null ? info : init();
    }

    static int defaultThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && omp.matches("\\d+") && Integer.parseInt(omp) > 0) {
            return Integer.parseInt(omp);
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static String buildInfo() {
        try {
            String s = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
            return s == null ? "" : s;
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }
}
