package io.pulmo.common.backend;

/**
 * What the ND4J set-up found, printed once at start and recorded in every run's {@code run.json}.
 *
 * @param backend          ND4J backend name as ND4J reports it ({@code CPU}, {@code CUDA})
 * @param threads          OpenMP/ND4J worker threads
 * @param dataType         default floating-point type
 * @param nativeOneDnn     the loaded native library was built with oneDNN ({@code HAVE_ONEDNN} in its build info)
 * @param layerHelpers     DL4J's oneDNN layer helpers (convolution, pooling, batch-norm) are switched on and usable
 * @param buildInfo        the native library's build information, one line
 */
public record BackendInfo(String backend, int threads, String dataType, boolean nativeOneDnn, boolean layerHelpers,
                          String buildInfo) {

    /** The one start-up line: {@code ND4J backend CPU, 2 threads, FLOAT, oneDNN natives: yes, DL4J oneDNN layer helpers: on}. */
    public String describe() {
        return "ND4J backend " + backend + ", " + threads + " threads, " + dataType
                + ", oneDNN natives: " + (nativeOneDnn ? "yes" : "no")
                + ", DL4J oneDNN layer helpers: " + (layerHelpers ? "on" : "off");
    }
}
