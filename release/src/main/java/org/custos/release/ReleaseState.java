package org.custos.release;

import java.util.Locale;

/** Where a release is in its life: SUBMITTED, then APPROVED or REJECTED (final); APPROVED may become REVOKED. */
public enum ReleaseState {
    /** Waiting for reviews (and a matching rebuild). */
    SUBMITTED,
    /** Enough approvals and a matching rebuild; signed and logged; may be deployed and admitted. */
    APPROVED,
    /** A reviewer rejected it; final. */
    REJECTED,
    /** Approved once, then withdrawn; never admitted again; final. */
    REVOKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReleaseState ofWireName(String name) {
        for (ReleaseState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown release state " + name);
    }
}
