package org.custos.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.custos.release.Release;
import org.custos.release.ReleaseGate;
import org.custos.release.ReviewVerdict;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.custos.server.TestInstances;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.vault.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review missed something: a hostile algorithm was approved and deployed. Confined, it cannot reach the network,
 * a Unix socket, name resolution, the host's files, keys or environment, spawn a process or write outside its
 * state; and whatever it answers (ids it was never told, private videos, malformed or oversized frames, nothing at
 * all, an exhausted heap, spinning threads) the For You feed keeps answering every request, the incident is in the
 * transparency log, and the supervisor restarts it.
 */
class HostileEngineIT {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    @Test
    void aHostileAlgorithm_isContained_andTheFeedKeepsServing() throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (message != null && message.contains("ATTEMPT ")) {
                    attempts.add(message.substring(message.indexOf("ATTEMPT ")));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger engineLog = Logger.getLogger("org.custos.release.confine.engine");
        engineLog.addHandler(capture);
        Path socketPath = work.resolve("host.sock");
        try (ServerSocket listener = new ServerSocket(0);
             ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.bind(UnixDomainSocketAddress.of(socketPath));
            ServerConfig base = TestInstances.config(dataDir);
            ServerConfig config = base.withEngine(base.engine().withDefaultBundle(Optional.empty())
                            .withRankDeadline(Duration.ofMillis(200))
                            .withRestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)))
                    .withConfinement(base.confinement().withMemory(256L << 20, 96L << 20));
            try (CustosServer server = CustosServer.start(config, Clock.systemUTC())) {
                URI uri = server.baseUri();
                TestInstances.signUp(uri, "hostile_author");
                TestInstances.signUp(uri, "hostile_viewer");
                String author = TestInstances.logIn(uri, "hostile_author");
                String viewer = TestInstances.logIn(uri, "hostile_viewer");
                List<Long> shown = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    shown.add(TestInstances.upload(uri, author, "public"));
                }
                long secret = TestInstances.upload(uri, author, "private");

                EngineBundles.Bundle hostile = EngineBundles.build(work, "hostile", "hostile",
                        "org.custos.hostile.HostileAlgorithm", Map.of("HOST_PORT", Integer.toString(
                                listener.getLocalPort()), "UNIX_SOCKET", socketPath.toString(), "DATA_DIR",
                                dataDir.toString(), "KEY_FILE", dataDir.resolve("log-signing.key").toString()));
                Release release = deploy(server.releaseGate(), hostile);
                EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
                awaitServing(supervisor, release);

                // what it tried at start, from its standard error in the custodian's log
                await(() -> attempts.size() >= 14, Duration.ofSeconds(20));
                assertThat(attempts).as("every escape attempt").hasSizeGreaterThanOrEqualTo(14)
                        .allSatisfy(line -> assertThat(line).contains(" blocked "));
                assertThat(dataDir.resolve("escape")).doesNotExist();

                // an ordinary answer
                TestInstances.Page page = TestInstances.forYou(uri, viewer, 5);
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.release()).contains("algorithm=" + release.artifactDigest());
                assertThat(page.ids()).isNotEmpty().doesNotContain(secret);

                // every misbehaviour, chosen by the count asked for; each request is still answered
                for (int misbehaviour : new int[] {7, 8, 9, 10, 11, 12}) {
                    for (int i = 0; i < 6; i++) {
                        TestInstances.Page answer = TestInstances.forYou(uri, viewer, misbehaviour);
                        assertThat(answer.status()).as("misbehaviour %d", misbehaviour).isEqualTo(200);
                        assertThat(answer.ids()).as("misbehaviour %d", misbehaviour).doesNotContain(secret)
                                .isNotEmpty();
                    }
                    awaitServing(supervisor, release);
                }

                Set<String> reasons = new TreeSet<>();
                await(() -> {
                    reasons.clear();
                    reasons.addAll(incidents(server));
                    return reasons.containsAll(Set.of("unknown-video-ids", "malformed-frame", "oversized-frame",
                            "out-of-memory"))
                            && (reasons.contains("hung") || reasons.contains("late-answer"));
                }, Duration.ofSeconds(40));
                assertThat(reasons).contains("unknown-video-ids", "malformed-frame", "oversized-frame",
                        "out-of-memory");
                assertThat(reasons).containsAnyOf("hung", "late-answer");
            }
            unix.configureBlocking(false);
            assertThat(unix.accept()).as("nobody connected to the Unix socket").isNull();
            listener.setSoTimeout(200);
            try {
                listener.accept();
                throw new AssertionError("the hostile algorithm connected to a host port");
            } catch (java.net.SocketTimeoutException expected) {
                // nobody came
            }
        } finally {
            engineLog.removeHandler(capture);
        }
    }

    /** Submits, reviews (two custodian reviewers, which rebuilds it) and deploys a bundle. */
    static Release deploy(ReleaseGate gate, EngineBundles.Bundle bundle) {
        Release submitted = gate.submit(bundle.artifact(), bundle.source(), "release notes",
                Principal.operator("owner-1"));
        gate.review(submitted.id(), Principal.operator("reviewer-1"), ReviewVerdict.APPROVE, "looks fine",
                Optional.empty());
        gate.review(submitted.id(), Principal.operator("reviewer-2"), ReviewVerdict.APPROVE, "looks fine",
                Optional.empty());
        gate.deploy(submitted.id(), Principal.operator("admin-1"));
        return gate.find(submitted.id()).orElseThrow();
    }

    static void awaitServing(EngineSupervisor supervisor, Release release) throws InterruptedException {
        await(() -> supervisor.servingRelease().filter(d -> d.equals(release.artifactDigest().toString())).isPresent(),
                Duration.ofSeconds(60));
        assertThat(supervisor.servingRelease()).as(supervisor.status()).contains(release.artifactDigest().toString());
    }

    static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** The reasons of every incident in the server's transparency log. */
    static Set<String> incidents(CustosServer server) {
        Set<String> reasons = new TreeSet<>();
        try {
            var log = server.auditLog().log();
            long size = org.custos.tlog.note.Checkpoint.ofUnchecked(log.currentCheckpoint()).size();
            for (long start = 0; start < size; start += 256) {
                for (byte[] entry : log.entries(start, (int) Math.min(256, size - start))) {
                    if (AuditEntryCodec.decode(entry) instanceof AuditEntry.EngineEvent event
                            && event.kind() == AuditEntry.EngineEvent.Kind.INCIDENT) {
                        reasons.add(event.reason());
                    }
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return reasons;
    }
}
