package org.custos.lockbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.custos.app.accounts.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook: a real local HTTP receiver that fails on demand, and the durable outbox that retries it. */
class NoticesIT {
    private HttpServer receiver;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> noticeIds = new CopyOnWriteArrayList<>();
    private final List<Optional<String>> signatures = new CopyOnWriteArrayList<>();
    private LockboxHarness h;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            noticeIds.add(exchange.getRequestHeaders().getFirst("Custos-Notice-Id"));
            signatures.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Custos-Signature")));
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        h = new LockboxHarness(LockboxSettings.defaults()
                .withWebhook(Optional.of(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")))
                .withRetries(Duration.ofSeconds(30), Duration.ofMinutes(5))
                .withPollInterval(Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() {
        h.close();
        receiver.stop(0);
    }

    private long grant(String engineer, String alice, String bob, long subject) {
        long id = h.file(engineer, subject, List.of("contact"), 60);
        h.approve(id, alice);
        assertThat(h.lockbox.pendingNotices()).isZero();
        h.approve(id, bob);
        return id;
    }

    @Test
    void grant_effective_postsOneNoticeWithoutPersonalData() throws IOException {
        String engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        long id = grant(engineer, h.operator("approver-alice", Role.CUSTODIAN_APPROVER),
                h.operator("approver-bob", Role.CUSTODIAN_APPROVER), h.user("ada_l"));

        assertThat(h.lockbox.deliverNotices()).isEqualTo(1);
        assertThat(h.lockbox.deliverNotices()).isZero();

        assertThat(bodies).hasSize(1);
        JsonNode notice = new ObjectMapper().readTree(bodies.getFirst());
        assertThat(notice.path("type").asText()).isEqualTo("lockbox.grant-effective");
        assertThat(notice.path("request").asText()).isEqualTo("lockbox-" + id);
        assertThat(notice.path("approvers").toString())
                .isEqualTo("[\"operator:operator-2\",\"operator:operator-3\"]");
        assertThat(notice.path("requester").asText()).isEqualTo("operator:operator-1");
        assertThat(notice.path("expiresAt").asText())
                .isEqualTo(h.clock.instant().plus(Duration.ofMinutes(60)).toString());
        assertThat(bodies.getFirst()).doesNotContain("ada_l", "example.org", "1990", "Ticket", "subject");
        assertThat(noticeIds).containsExactly("1");
    }

    @Test
    void delivery_receiverFails_isRetriedAfterTheBackoffByTheBackgroundRelay() throws InterruptedException {
        failuresLeft.set(2);
        String engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        grant(engineer, h.operator("approver-alice", Role.CUSTODIAN_APPROVER),
                h.operator("approver-bob", Role.CUSTODIAN_APPROVER), h.user("ada_l"));
        h.lockbox.start();

        awaitAttempts(1);
        Thread.sleep(300); // several polls: the clock has not moved, so the notice is not due again
        assertThat(bodies).hasSize(1);
        h.clock.advance(Duration.ofSeconds(30));
        awaitAttempts(2);
        Thread.sleep(300);
        assertThat(bodies).hasSize(2);
        h.clock.advance(Duration.ofSeconds(59)); // the second wait is twice the first
        Thread.sleep(300);
        assertThat(bodies).hasSize(2);
        h.clock.advance(Duration.ofSeconds(1));
        awaitAttempts(3);

        Instant deadline = Instant.now().plusSeconds(10);
        while (h.lockbox.pendingNotices() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(h.lockbox.pendingNotices()).isZero();
        assertThat(noticeIds).containsExactly("1", "1", "1");
        assertThat(h.lockbox.health()).isEmpty();
    }

    @Test
    void notice_survivesARestart_beforeDelivery() {
        failuresLeft.set(1);
        String engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        grant(engineer, h.operator("approver-alice", Role.CUSTODIAN_APPROVER),
                h.operator("approver-bob", Role.CUSTODIAN_APPROVER), h.user("ada_l"));
        assertThat(h.lockbox.deliverNotices()).isZero();

        // A second lockbox on the same database (a restarted node) delivers what the first left due.
        try (Lockbox restarted = Lockbox.create(h.dataSource, h.vault, h.clock, LockboxSettings.defaults()
                        .withWebhook(Optional.of(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()
                                + "/hook"))), new AppCallers(h.app), new AppSubjectData(h.app))) {
            h.clock.advance(Duration.ofSeconds(30));
            assertThat(restarted.deliverNotices()).isEqualTo(1);
            assertThat(restarted.pendingNotices()).isZero();
            assertThat(bodies).hasSize(2);
        }
    }

    @Test
    void notice_withASecret_isSignedOverTimestampAndBody_asAReceiverVerifies() throws Exception {
        String secret = "a shared webhook secret of 32+ bytes, for tests only";
        String engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        grant(engineer, h.operator("approver-alice", Role.CUSTODIAN_APPROVER),
                h.operator("approver-bob", Role.CUSTODIAN_APPROVER), h.user("ada_l"));
        try (Lockbox signing = Lockbox.create(h.dataSource, h.vault, h.clock, LockboxSettings.defaults()
                .withWebhook(Optional.of(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")))
                .withWebhookSecret(Optional.of(WebhookSecret.of(secret.toCharArray()))),
                new AppCallers(h.app), new AppSubjectData(h.app))) {
            assertThat(signing.deliverNotices()).isEqualTo(1);
        }

        String header = signatures.getFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})").matcher(header);
        assertThat(m.matches()).as(header).isTrue();
        long t = Long.parseLong(m.group(1));
        assertThat(t).isEqualTo(h.clock.instant().getEpochSecond());
        // What a receiver does: HMAC-SHA256 over "<t>.<raw body>" with the shared secret, compared in constant time.
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + bodies.getFirst()).getBytes(StandardCharsets.UTF_8));
        assertThat(java.security.MessageDigest.isEqual(expected, java.util.HexFormat.of().parseHex(m.group(2))))
                .isTrue();
        byte[] forged = mac.doFinal(((t + 1) + "." + bodies.getFirst()).getBytes(StandardCharsets.UTF_8));
        assertThat(java.util.HexFormat.of().formatHex(forged)).isNotEqualTo(m.group(2));
    }

    @Test
    void notice_withoutASecret_isSentUnsigned() {
        String engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        grant(engineer, h.operator("approver-alice", Role.CUSTODIAN_APPROVER),
                h.operator("approver-bob", Role.CUSTODIAN_APPROVER), h.user("ada_l"));
        assertThat(h.lockbox.deliverNotices()).isEqualTo(1);
        assertThat(signatures).containsExactly(Optional.empty());
    }

    @Test
    void secret_shorterThan32Bytes_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookSecret.of("too short".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("too short");
    }

    private void awaitAttempts(int attempts) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (bodies.size() < attempts && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertThat(bodies).hasSize(attempts);
    }
}
