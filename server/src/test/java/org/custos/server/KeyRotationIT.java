package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.custos.server.postgres.Postgres;
import org.custos.vault.KekRotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keys rotate} beside a running server: the rotation runs through its own {@link Postgres#forCommand}
 * connection and its own vault instance (as the command does in its own process) while the server keeps
 * answering authenticated profile reads, which open protected fields under the rotating keys.
 */
class KeyRotationIT {

    private static final int USERS = 12;

    @TempDir
    Path dataDir;

    @Test
    void rotate_whileServerTakesReads_everyReadSucceedsAndEveryDataKeyMovesToTheNewKek() throws Exception {
        ServerConfig config = TestInstances.config(dataDir);
        try (CustosServer server = CustosServer.start(config, Clock.systemUTC())) {
            URI base = server.baseUri();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                assertThat(TestInstances.signUp(base, "rot_user_" + i)).isEqualTo(201);
                tokens.add(TestInstances.logIn(base, "rot_user_" + i));
            }

            AtomicBoolean rotating = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            Map<Integer, Long> failures = new ConcurrentHashMap<>();
            KekRotation rotation;
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    int offset = r;
                    running.add(readers.submit(() -> {
                        int i = offset;
                        while (rotating.get() || reads.get() < 40) {
                            String token = tokens.get(i++ % USERS);
                            int status = TestInstances.get(base, "/v1/me", token).statusCode();
                            reads.incrementAndGet();
                            if (status != 200) {
                                failures.merge(status, 1L, Long::sum);
                            }
                        }
                    }));
                }
                var registry = new SimpleMeterRegistry();
                try (Postgres command = Postgres.forCommand(config);
                        Boundary beside = Boundary.open(config, command, Clock.systemUTC(), registry)) {
                    assertThat(command.attachedToRunningServer()).isTrue();
                    rotation = beside.vault().rotateKeyEncryptionKey(done -> {});
                } finally {
                    rotating.set(false);
                }
                for (Future<?> f : running) {
                    f.get();
                }
            }

            assertThat(failures).isEmpty();
            assertThat(reads.get()).isGreaterThanOrEqualTo(40);
            assertThat(rotation.newKekVersion()).isEqualTo(2);
            assertThat(rotation.rewrapped() + rotation.alreadyCurrent()).isGreaterThanOrEqualTo(USERS);
            assertThat(keysUnderOlderKek(server, rotation.newKekVersion())).isZero();

            // The server keeps writing and reading after the rotation.
            assertThat(TestInstances.signUp(base, "after_rotation")).isEqualTo(201);
            String token = TestInstances.logIn(base, "after_rotation");
            assertThat(TestInstances.get(base, "/v1/me", token).body()).contains("after_rotation@example.org");
            for (String t : tokens) {
                assertThat(TestInstances.get(base, "/v1/me", t).statusCode()).isEqualTo(200);
            }
            // A data key the server creates after the rotation is wrapped under the new KEK too.
            assertThat(keysUnderOlderKek(server, rotation.newKekVersion())).isZero();
        }
    }

    private static long keysUnderOlderKek(CustosServer server, int version) throws Exception {
        try (Connection c = server.boundary().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM vault_keys.vault_data_keys WHERE kek_version < " + version)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
