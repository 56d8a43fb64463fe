package org.nd4j.nativeblas;

/**
 * Restores the class DL4J 1.0.0-M2.1's oneDNN layer helpers look up.
 *
 * <p>{@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} reflects on
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#getInstance()} and {@code #isUseMKLDNN()}. In M2.1 the
 * JavaCPP bindings moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and the method was
 * renamed {@code isUseONEDNN()}, so the lookup fails, the failure is cached for the JVM, and every
 * convolution, pooling and batch-norm helper is dropped. This class answers the old lookup by
 * forwarding to the new binding. It is loaded by name only, by DL4J, and only on the CPU backend.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The old name of the native environment, forwarding to the M2.1 binding. */
    public static final class Environment {
        private static final String M21_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * Whether libnd4j routes ops through oneDNN (the M2.1 {@code isUseONEDNN()}). Reached by reflection so
         * that this module also compiles against the CUDA backend, where DL4J never asks.
         */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName(M21_ENVIRONMENT);
                Object instance = env.getMethod("getInstance").invoke(null);
                return (boolean) env.getMethod("isUseONEDNN").invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
