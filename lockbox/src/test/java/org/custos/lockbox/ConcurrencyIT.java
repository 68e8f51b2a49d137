package org.custos.lockbox;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.custos.app.accounts.Role;
import org.custos.vault.AuditEvent.AccessStep;
import org.custos.vault.AuditEvent.AccessStep.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decisions arriving at the same moment, over HTTP: the row lock serialises them and the outcome is consistent. */
class ConcurrencyIT {
    private static final int ROUNDS = 5;
    private static LockboxHarness h;
    private static String engineer;
    private static String alice;
    private static String bob;
    private static String carol;
    private static long subject;

    @BeforeAll
    static void start() {
        h = new LockboxHarness();
        engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        alice = h.operator("approver-alice", Role.CUSTODIAN_APPROVER);
        bob = h.operator("approver-bob", Role.CUSTODIAN_APPROVER);
        carol = h.operator("approver-carol", Role.CUSTODIAN_APPROVER);
        subject = h.user("ada_l");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static List<Reply> together(Call first, Call second) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reply> a = pool.submit(() -> {
                barrier.await();
                return first.run();
            });
            Future<Reply> b = pool.submit(() -> {
                barrier.await();
                return second.run();
            });
            return List.of(a.get(), b.get());
        }
    }

    @FunctionalInterface
    private interface Call {
        Reply run();
    }

    @Test
    void approve_twoApproversAtOnce_bothCountAndTheGrantHappensOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            long id = h.file(engineer, subject, List.of("contact"), 60);

            List<Reply> replies = together(() -> h.approve(id, alice), () -> h.approve(id, bob));

            assertThat(replies).extracting(Reply::status).containsOnly(200);
            assertThat(replies).extracting(r -> r.text("state")).containsExactlyInAnyOrder("pending", "granted");
            assertThat(h.steps(id)).extracting(AccessStep::step)
                    .containsExactly(Step.REQUESTED, Step.APPROVED, Step.APPROVED, Step.GRANTED);
        }
    }

    @Test
    void approve_racingDeny_exactlyOneWinsAndTheStateMatchesIt() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            long id = h.file(engineer, subject, List.of("contact"), 60);
            h.approve(id, alice);

            List<Reply> replies = together(() -> h.approve(id, bob), () -> h.deny(id, carol));

            Reply approve = replies.get(0);
            Reply deny = replies.get(1);
            String state = h.show(id, alice).text("state");
            if (approve.status() == 200) {
                assertThat(deny.status()).isEqualTo(409);
                assertThat(state).isEqualTo("granted");
                assertThat(h.steps(id)).extracting(AccessStep::step)
                        .containsExactly(Step.REQUESTED, Step.APPROVED, Step.APPROVED, Step.GRANTED);
            } else {
                assertThat(approve.status()).isEqualTo(409);
                assertThat(deny.status()).isEqualTo(200);
                assertThat(state).isEqualTo("denied");
                assertThat(h.steps(id)).extracting(AccessStep::step)
                        .containsExactly(Step.REQUESTED, Step.APPROVED, Step.DENIED);
            }
        }
    }
}
