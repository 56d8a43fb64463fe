package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;

/** Commands of the contract whose implementation lands with a later issue: they say so and exit 2. */
final class NotAvailable {
    private NotAvailable() {
    }

    static PulmoException command(String name) {
        return new PulmoException("'pulmo " + name + "' is not available yet in this version of Pulmo");
    }
}
