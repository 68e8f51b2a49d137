package org.custos.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The shared N-person rule: no self-approval, each approver once, threshold exactly at N distinct approvers. */
class ApprovalRuleTest {
    private static final Principal ALICE = Principal.operator("alice");
    private static final Principal BOB = Principal.operator("bob");
    private static final Principal CAROL = Principal.operator("carol");

    @Test
    void decide_twoPersonRule_grantsAtTheSecondDistinctApprover() {
        ApprovalRule rule = new ApprovalRule(2);
        assertThat(rule.decide(ALICE, List.of(), BOB)).isEqualTo(new ApprovalRule.Counted(1, 2));
        assertThat(rule.decide(ALICE, List.of(), BOB)).isInstanceOfSatisfying(ApprovalRule.Counted.class,
                counted -> assertThat(counted.thresholdMet()).isFalse());
        assertThat(rule.decide(ALICE, List.of(BOB), CAROL)).isInstanceOfSatisfying(ApprovalRule.Counted.class,
                counted -> assertThat(counted.thresholdMet()).isTrue());
        assertThat(rule.decide(ALICE, List.of(), ALICE))
                .isEqualTo(new ApprovalRule.Refused(ApprovalRule.Refusal.SELF_APPROVAL));
        assertThat(rule.decide(ALICE, List.of(BOB), BOB))
                .isEqualTo(new ApprovalRule.Refused(ApprovalRule.Refusal.ALREADY_APPROVED));
    }

    @Test
    void decide_sameIdOfAnotherKind_isAnotherPrincipal() {
        ApprovalRule rule = new ApprovalRule(1);
        assertThat(rule.decide(ALICE, List.of(), Principal.service("alice")))
                .isInstanceOf(ApprovalRule.Counted.class);
    }

    @Property
    void new_outOfRange_isRefused(@ForAll int required) {
        if (required >= 1 && required <= ApprovalRule.MAX_REQUIRED) {
            assertThat(new ApprovalRule(required).required()).isEqualTo(required);
        } else {
            assertThatThrownBy(() -> new ApprovalRule(required))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 10");
        }
    }

    @Property
    void decide_requesterApproving_isAlwaysSelfApproval(@ForAll("rules") ApprovalRule rule,
                                                       @ForAll("principals") Principal requester,
                                                       @ForAll @Size(max = 12) List<@From("principals") Principal> soFar,
                                                       @ForAll boolean requesterAmongThem) {
        List<Principal> approvals = new ArrayList<>(soFar);
        if (requesterAmongThem) {
            approvals.add(requester);
        }
        assertThat(rule.decide(requester, approvals, requester))
                .isEqualTo(new ApprovalRule.Refused(ApprovalRule.Refusal.SELF_APPROVAL));
    }

    @Property
    void decide_approverAlreadyAmongThem_isAlreadyApproved(@ForAll("rules") ApprovalRule rule,
                                                          @ForAll("principals") Principal requester,
                                                          @ForAll @Size(max = 12) List<@From("principals") Principal> soFar,
                                                          @ForAll @IntRange(max = 12) int pick) {
        List<Principal> others = soFar.stream().filter(p -> !p.equals(requester)).toList();
        if (others.isEmpty()) {
            return;
        }
        Principal approver = others.get(pick % others.size());
        assertThat(rule.decide(requester, soFar, approver))
                .isEqualTo(new ApprovalRule.Refused(ApprovalRule.Refusal.ALREADY_APPROVED));
    }

    @Property
    void decide_newApprover_countsDistinctOthersAndMeetsTheThresholdExactlyAtN(
            @ForAll("rules") ApprovalRule rule,
            @ForAll("principals") Principal requester,
            @ForAll @Size(max = 12) List<@From("principals") Principal> soFar,
            @ForAll("principals") Principal approver) {
        if (approver.equals(requester) || soFar.contains(approver)) {
            return;
        }
        Set<Principal> distinct = new LinkedHashSet<>(soFar);
        distinct.remove(requester);
        ApprovalRule.Outcome outcome = rule.decide(requester, soFar, approver);
        assertThat(outcome).isEqualTo(new ApprovalRule.Counted(distinct.size() + 1, rule.required()));
        assertThat(((ApprovalRule.Counted) outcome).thresholdMet()).isEqualTo(distinct.size() + 1 >= rule.required());
    }

    @Property
    void decide_orderOfApprovalsSoFar_doesNotMatter(@ForAll("rules") ApprovalRule rule,
                                                    @ForAll("principals") Principal requester,
                                                    @ForAll @Size(max = 12) List<@From("principals") Principal> soFar,
                                                    @ForAll("principals") Principal approver) {
        List<Principal> shuffled = new ArrayList<>(soFar);
        Collections.reverse(shuffled);
        assertThat(rule.decide(requester, shuffled, approver)).isEqualTo(rule.decide(requester, soFar, approver));
    }

    @Property
    void decide_approvingOneByOne_grantsAfterExactlyNDistinctApprovers(@ForAll("rules") ApprovalRule rule,
                                                                       @ForAll("principals") Principal requester,
                                                                       @ForAll @Size(max = 40) List<@From("principals") Principal> attempts) {
        List<Principal> stored = new ArrayList<>();
        boolean met = false;
        for (Principal attempt : attempts) {
            if (met) {
                break;
            }
            switch (rule.decide(requester, stored, attempt)) {
                case ApprovalRule.Refused(ApprovalRule.Refusal reason) -> assertThat(
                        reason == ApprovalRule.Refusal.SELF_APPROVAL ? attempt.equals(requester)
                                : stored.contains(attempt)).isTrue();
                case ApprovalRule.Counted counted -> {
                    stored.add(attempt);
                    met = counted.thresholdMet();
                    assertThat(counted.approvals()).isEqualTo(stored.size());
                }
            }
        }
        assertThat(stored).doesNotHaveDuplicates().doesNotContain(requester);
        assertThat(met).isEqualTo(stored.size() >= rule.required());
    }

    @Provide
    Arbitrary<ApprovalRule> rules() {
        return Arbitraries.integers().between(1, ApprovalRule.MAX_REQUIRED).map(ApprovalRule::new);
    }

    /** Few ids and kinds, so that equal principals come up often. */
    @Provide
    Arbitrary<Principal> principals() {
        return Arbitraries.of(Principal.Kind.values()).flatMap(kind -> Arbitraries.of("a", "b", "c", "d", "e", "f")
                .map(id -> new Principal(kind, id)));
    }
}
