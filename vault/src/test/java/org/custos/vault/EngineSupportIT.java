package org.custos.vault;

import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the confined engine's host needs from the vault: per-release engine pseudonyms and subject references, in
 * the formats docs/vault.md documents (checked with the JDK's own HMAC and AES-GCM, not through the vault's code).
 */
class EngineSupportIT {
    private static final Column VIEWER = Column.of("app_watch_events.viewer_ref");
    private static final String RELEASE_A = "rel-0123456789abcdef/e1";
    private static final String RELEASE_B = "rel-fedcba9876543210/e1";

    @TempDir
    Path keys;

    private VaultSettings.Local settings;
    private HikariDataSource db;
    private Vault vault;

    @BeforeEach
    void setUp() {
        byte[] master = new byte[32];
        master[5] = 42;
        settings = VaultSettings.local(keys, Secret.of(master));
        db = TestDatabases.fresh("vault");
        vault = Vault.open(settings, db, new MutableClock(Instant.parse("2026-07-01T00:00:00Z")));
    }

    @AfterEach
    void tearDown() {
        vault.close();
        db.close();
    }

    @Test
    void enginePseudonyms_areNonNegativeStablePerReleaseAndUnrelatedAcrossReleases() {
        EnginePseudonyms a = vault.enginePseudonyms(RELEASE_A);
        EnginePseudonyms again = vault.enginePseudonyms(RELEASE_A);
        EnginePseudonyms b = vault.enginePseudonyms(RELEASE_B);
        EnginePseudonyms nextEpoch = vault.enginePseudonyms("rel-0123456789abcdef/e2");
        Set<Long> seen = new HashSet<>();
        for (long id = 1; id <= 10_000; id++) {
            SubjectId subject = new SubjectId(id);
            long pseudonym = a.of(subject);
            assertThat(pseudonym).isNotNegative().isEqualTo(again.of(subject)).isNotEqualTo(id);
            assertThat(b.of(subject)).isNotNegative().isNotEqualTo(pseudonym);
            assertThat(nextEpoch.of(subject)).isNotEqualTo(pseudonym);
            seen.add(pseudonym);
        }
        assertThat(seen).hasSize(10_000);
        assertThat(a.of(new SubjectId(Long.MAX_VALUE))).isNotNegative();
    }

    @Test
    void enginePseudonyms_matchTheDocumentedDerivationComputedWithTheJdk() throws Exception {
        SubjectId subject = new SubjectId(987_654_321L);
        byte[] releaseKey;
        try (LocalKeyService keyService = LocalKeyService.open(settings)) {
            releaseKey = keyService.pseudonymMac(concat(
                    "custos.engine-pseudonym-key.v1\0".getBytes(StandardCharsets.US_ASCII),
                    RELEASE_A.getBytes(StandardCharsets.US_ASCII)));
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(releaseKey, "HmacSHA256"));
        byte[] digest = mac.doFinal(concat("custos.engine-pseudonym.v1\0".getBytes(StandardCharsets.US_ASCII),
                ByteBuffer.allocate(8).putLong(subject.value()).array()));
        long expected = ByteBuffer.wrap(digest, 0, 8).getLong() & Long.MAX_VALUE;

        assertThat(vault.enginePseudonyms(RELEASE_A).of(subject)).isEqualTo(expected);
    }

    @Test
    void enginePseudonyms_needNoKeyServiceAfterDerivation_andSurviveARestart() throws Exception {
        EnginePseudonyms pseudonyms = vault.enginePseudonyms(RELEASE_A);
        long before = pseudonyms.of(new SubjectId(77));
        vault.close(); // the derived key lives in the object, not in the key service session
        int calls = 200_000;
        long started = System.nanoTime();
        long sink = 0;
        for (long id = 1; id <= calls; id++) {
            sink ^= pseudonyms.of(new SubjectId(id));
        }
        double perSecond = calls / ((System.nanoTime() - started) / 1e9);
        System.out.printf("engine pseudonyms: %,.0f per second on one thread (xor %d)%n", perSecond, sink);
        assertThat(pseudonyms.of(new SubjectId(77))).isEqualTo(before);

        vault = Vault.open(settings, db, new MutableClock(Instant.parse("2026-07-02T00:00:00Z")));
        assertThat(vault.enginePseudonyms(RELEASE_A).of(new SubjectId(77))).isEqualTo(before);
    }

    @Test
    void enginePseudonyms_fromManyThreads_agreeWithOneThread() throws Exception {
        EnginePseudonyms pseudonyms = vault.enginePseudonyms(RELEASE_A);
        long[] expected = new long[5_000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = pseudonyms.of(new SubjectId(i + 1));
        }
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        for (int i = 0; i < expected.length; i++) {
                            int k = (i + offset * 613) % expected.length;
                            if (pseudonyms.of(new SubjectId(k + 1)) != expected[k]) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    @Test
    void enginePseudonyms_revealNoKeyAndRefuseMalformedReleaseKeys() {
        EnginePseudonyms pseudonyms = vault.enginePseudonyms(RELEASE_A);
        assertThat(pseudonyms.toString()).isEqualTo("EnginePseudonyms[" + RELEASE_A + ", key=redacted]");
        assertThat(pseudonyms.releaseKey()).isEqualTo(RELEASE_A);
        for (String bad : new String[] {"", "rel with space", "rel\0nul", "rel-ä", "x".repeat(129)}) {
            assertThatThrownBy(() -> vault.enginePseudonyms(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(vault.enginePseudonyms("x".repeat(128)).of(new SubjectId(1))).isNotNegative();
    }

    @Test
    void reference_roundTripsAndDiffersEachTime() {
        SubjectId subject = new SubjectId(4_000_000_123L);
        byte[] first = vault.sealReference(VIEWER, subject);
        byte[] second = vault.sealReference(VIEWER, subject);

        assertThat(first).hasSize(37).startsWith((byte) 0x02);
        assertThat(second).isNotEqualTo(first);
        assertThat(vault.openReference(VIEWER, first)).isEqualTo(subject);
        assertThat(vault.openReference(VIEWER, second)).isEqualTo(subject);
    }

    @Test
    void reference_alteredTruncatedOrMovedToAnotherColumn_isTampered() {
        byte[] reference = vault.sealReference(VIEWER, new SubjectId(31));
        for (int i = 0; i < reference.length; i++) {
            byte[] altered = reference.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> vault.openReference(VIEWER, altered))
                    .isInstanceOf(TamperedCiphertextException.class);
        }
        assertThatThrownBy(() -> vault.openReference(VIEWER, Arrays.copyOf(reference, 36)))
                .isInstanceOf(TamperedCiphertextException.class);
        assertThatThrownBy(() -> vault.openReference(Column.of("app_likes.liker_ref"), reference))
                .isInstanceOf(TamperedCiphertextException.class)
                .hasMessageContaining("app_likes.liker_ref");
        // A sealed value is not a reference, and a reference is not a sealed value.
        byte[] sealed = vault.seal(new SubjectId(31), VIEWER, new byte[8]);
        assertThatThrownBy(() -> vault.openReference(VIEWER, sealed)).isInstanceOf(TamperedCiphertextException.class);
        assertThatThrownBy(() -> vault.open(AccessContext.self(new SubjectId(31)), new SubjectId(31), VIEWER, reference))
                .isInstanceOf(TamperedCiphertextException.class);
    }

    @Test
    void reference_opensAfterARestartWithoutAuditEvents_andMatchesTheDocumentedLayout() throws Exception {
        SubjectId subject = new SubjectId(5150);
        byte[] reference = vault.sealReference(VIEWER, subject);
        int events = vault.outbox().after(0, 1_000).size();
        vault.close();
        vault = Vault.open(settings, db, new MutableClock(Instant.parse("2026-07-02T00:00:00Z")));
        assertThat(vault.openReference(VIEWER, reference)).isEqualTo(subject);
        assertThat(vault.outbox().after(0, 1_000)).hasSize(events);

        byte[] key;
        try (LocalKeyService keyService = LocalKeyService.open(settings)) {
            key = keyService.blindIndexMac("custos.reference-key.v1\0".getBytes(StandardCharsets.US_ASCII));
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, reference, 1, 12));
        gcm.updateAAD(("custos.vault.ref.v1/" + VIEWER).getBytes(StandardCharsets.US_ASCII));
        byte[] plain = gcm.doFinal(reference, 13, reference.length - 13);
        assertThat(ByteBuffer.wrap(plain).getLong()).isEqualTo(subject.value());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
