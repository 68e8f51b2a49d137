package org.custos.lockbox;

import java.util.List;
import java.util.Optional;
import org.custos.vault.Purpose;

/**
 * The published vocabulary of lockbox purposes (docs/lockbox.md). A purpose goes into every step of the request's
 * audit trail and so into the public, append-only transparency log: a purpose a requester could type freely would
 * publish whatever they typed (an engineer once wrote a user's handle and birth date into one). So a purpose is a
 * code from this fixed list, and the why of a request goes into the justification, which stays inside the boundary.
 * Adding a code is a code change, reviewed and released, and documented in the same list.
 */
final class PurposeCodes {
    /** In the order of docs/lockbox.md, "Purposes". */
    static final List<String> CODES = List.of(
            "support.debug-account",
            "support.account-recovery",
            "support.data-correction",
            "security.incident-response",
            "safety.abuse-investigation",
            "safety.fraud-investigation",
            "legal.law-enforcement-request",
            "legal.court-order");

    private PurposeCodes() {
    }

    /** The purpose named by {@code code}, if it is one of the vocabulary's. */
    static Optional<Purpose> of(String code) {
        return CODES.contains(code) ? Optional.of(new Purpose(code)) : Optional.empty();
    }
}
