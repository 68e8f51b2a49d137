package org.custos.gateway;

import java.util.Locale;
import java.util.Optional;
import org.custos.vault.DataClass;

/** How a declared field leaves the boundary. */
enum Transformation {
    /** As stored. Only for PUBLIC fields, and EXCEPTED fields that a declaration names. */
    PASS,
    /** Replaced by a keyed pseudonym per recipient and key version; never reversible by the recipient. */
    PSEUDONYMISE,
    /** Only inside thresholded aggregates with differential-privacy noise. */
    AGGREGATE;

    /** Whether a field of {@code dataClass} may leave this way: PROTECTED values never pass raw. */
    boolean admits(DataClass dataClass) {
        return switch (dataClass) {
            case PUBLIC, EXCEPTED -> this == PASS || this == PSEUDONYMISE;
            case PROTECTED -> this == PSEUDONYMISE || this == AGGREGATE;
        };
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Transformation> byId(String id) {
        for (Transformation t : values()) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
