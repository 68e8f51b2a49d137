package org.custos.vault;

import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The N-person rule shared by every decision the custodian takes by approval (the lockbox's access requests, the
 * release gate's reviews): {@code required} distinct approvers, none of them the person who asked, each counting
 * once. Pure logic: callers load the approvals so far under a lock, ask {@link #decide}, and store the outcome.
 *
 * @param required how many distinct approvers make the decision effective, 1 to 10; 2 is the two-person rule
 */
public record ApprovalRule(int required) {
    /** The most approvers a rule may ask for. */
    public static final int MAX_REQUIRED = 10;

    public ApprovalRule {
        if (required < 1 || required > MAX_REQUIRED) {
            throw new IllegalArgumentException("required approvals must be 1 to " + MAX_REQUIRED + ", got " + required);
        }
    }

    /** Why an approval does not count. */
    public enum Refusal {
        /** The approver is the one who asked (the requester, the release's submitter). */
        SELF_APPROVAL,
        /** The approver has approved already; each approver counts once. */
        ALREADY_APPROVED
    }

    /** What one new approval does. */
    public sealed interface Outcome permits Refused, Counted {
    }

    /** The approval does not count, for {@code reason}; nothing should be stored. */
    public record Refused(Refusal reason) implements Outcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The approval counts.
     *
     * @param approvals distinct approvers, this one included
     * @param required what the rule asks for
     */
    public record Counted(int approvals, int required) implements Outcome {
        public Counted {
            if (approvals < 1 || required < 1) {
                throw new IllegalArgumentException("a counted approval is at least the first of at least one");
            }
        }

        /** Whether this approval made the decision effective (or it already was). */
        public boolean thresholdMet() {
            return approvals >= required;
        }
    }

    /**
     * Decides {@code approver}'s approval of what {@code requester} asked for, given the approvals so far. Self-approval
     * is refused first (even when the requester appears among the approvals so far), then a repeated approval. The
     * approvals so far are counted as distinct approvers other than the requester, so a stored list that is somehow
     * wrong cannot make the rule count a person twice or count the requester.
     */
    public Outcome decide(Principal requester, Collection<Principal> approvalsSoFar, Principal approver) {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(approvalsSoFar, "approvalsSoFar");
        Objects.requireNonNull(approver, "approver");
        if (approver.equals(requester)) {
            return new Refused(Refusal.SELF_APPROVAL);
        }
        Set<Principal> distinct = new HashSet<>(approvalsSoFar);
        distinct.remove(requester);
        if (distinct.contains(approver)) {
            return new Refused(Refusal.ALREADY_APPROVED);
        }
        return new Counted(distinct.size() + 1, required);
    }
}
