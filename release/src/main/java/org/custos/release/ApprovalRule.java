package org.custos.release;

import java.util.Collection;
import java.util.Objects;
import org.custos.vault.Principal;

/**
 * The n-person rule the gate shares with the lockbox: {@code required} distinct approvers, never the requester, each
 * counted once. Kept here in the shape of the vault's rule until that one is available to this module.
 */
record ApprovalRule(int required) {
    enum Outcome {
        /** The approval counts; more are needed. */
        COUNTED,
        /** The approval counts and reaches the threshold. */
        THRESHOLD_MET,
        /** Refused: the approver is the requester. */
        SELF_APPROVAL,
        /** Refused: the approver already approved. */
        ALREADY_APPROVED
    }

    ApprovalRule {
        if (required < 1) {
            throw new IllegalArgumentException("an approval rule needs at least one approver, got " + required);
        }
    }

    Outcome decide(Principal requester, Collection<Principal> approvers, Principal approver) {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(approver, "approver");
        if (approver.equals(requester)) {
            return Outcome.SELF_APPROVAL;
        }
        if (approvers.contains(approver)) {
            return Outcome.ALREADY_APPROVED;
        }
        return approvers.size() + 1 >= required ? Outcome.THRESHOLD_MET : Outcome.COUNTED;
    }
}
