package org.custos.lockbox;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.custos.app.accounts.Role;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/**
 * A revocation arriving while a read is in flight waits for it, and every read after the revocation is refused: the
 * app's user data is wrapped so that a read pauses, inside the lockbox, until the test lets it go.
 */
class RevocationDuringReadIT {
    private static final CountDownLatch READING = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static LockboxHarness h;

    /** The real user data, with a pause in the middle of the first read. */
    private record PausingReads(SubjectData real) implements SubjectData {
        @Override
        public Map<String, List<Column>> scopes() {
            return real.scopes();
        }

        @Override
        public Optional<SubjectId> byId(long id) {
            return real.byId(id);
        }

        @Override
        public Optional<SubjectId> byHandle(String handle) {
            return real.byHandle(handle);
        }

        @Override
        public Optional<Map<String, Object>> read(AccessContext context, SubjectId subject, Set<String> scopes) {
            Optional<Map<String, Object>> data = real.read(context, subject, scopes);
            if (READING.getCount() > 0) {
                READING.countDown();
                try {
                    RELEASE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return data;
        }
    }

    @BeforeAll
    static void start() {
        h = new LockboxHarness(LockboxSettings.defaults(), PausingReads::new);
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        h.close();
    }

    @Test
    void revoke_whileAReadIsInFlight_waitsForIt_andLaterReadsAreRefused() throws Exception {
        String engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        String alice = h.operator("approver-alice", Role.CUSTODIAN_APPROVER);
        String bob = h.operator("approver-bob", Role.CUSTODIAN_APPROVER);
        long id = h.file(engineer, h.user("ada_l"), List.of("contact"), 60);
        h.approve(id, alice);
        h.approve(id, bob);

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reply> read = pool.submit(() -> h.read(id, engineer));
            assertThat(READING.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Reply> revoke = pool.submit(() -> h.revoke(id, alice));

            assertThatThrownBy(() -> revoke.get(Duration.ofMillis(500).toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
            RELEASE.countDown();

            assertThat(read.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(revoke.get(10, TimeUnit.SECONDS).text("state")).isEqualTo("revoked");
        }
        assertThat(h.read(id, engineer).problem()).isEqualTo("no-grant");
    }
}
