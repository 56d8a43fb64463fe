package io.pulmo.ct3d.phantom;

import io.pulmo.common.phantom.PhantomSummary;
import io.pulmo.common.phantom.Phantoms;

import java.io.IOException;
import java.nio.file.Path;

/** Makes {@code luna} a kind of {@link Phantoms} ({@code data.phantom.kind: luna}, {@code pulmo phantom luna}). */
public final class LunaPhantomWriter implements Phantoms.PhantomWriter {
    @Override
    public String kind() {
        return "luna";
    }

    @Override
    public PhantomSummary write(Path out, int n, int size, long seed) throws IOException {
        return LunaPhantom.write(out, n, size, seed).toPhantomSummary();
    }
}
