package org.custos.vault;

import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.custos.testing.SoftHsm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production key service against a real PKCS#11 token: SoftHSM2 through the JDK's SunPKCS11, with a
 * throwaway token created for this run. Skipped with a message when SoftHSM2 is not installed, unless CI=true.
 */
class Pkcs11KeyServiceIT {
    private static final Secret PIN = Secret.of("4711-custos".toCharArray());
    private static final Column NOTE = Column.of("test_notes.body");

    private static Path providerConfig;
    private static HikariDataSource db;

    @BeforeAll
    static void createToken() throws Exception {
        assumeThat(SoftHsm.available())
                .as("SoftHSM2 not installed (apt-get install softhsm2, or scripts/test-prerequisites.sh) or "
                        + "SOFTHSM2_CONF not set by Maven: skipping the PKCS#11 key service tests")
                .isTrue();
        providerConfig = SoftHsm.newToken("custos", new String(PIN.chars()));
        db = TestDatabases.fresh("vault");
    }

    @AfterAll
    static void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private static Vault openVault() {
        return Vault.open(VaultSettings.pkcs11(providerConfig, PIN, "custos-it"), db,
                new MutableClock(Instant.parse("2026-05-01T00:00:00Z")));
    }

    @Test
    void vault_onToken_sealsOpensRotatesAndShreds() {
        SubjectId carol = new SubjectId(501);
        SubjectId dave = new SubjectId(502);
        byte[] index;
        String pseudonym;
        byte[] carolNote;
        byte[] daveNote;
        try (Vault vault = openVault()) {
            assertThat(vault.describeKeyService()).contains("PKCS#11").contains("custos-it-kek-1");
            carolNote = vault.sealString(carol, NOTE, "carol's note");
            daveNote = vault.sealString(dave, NOTE, "dave's note");
            index = vault.blindIndex(NOTE, "carol@example.org");
            pseudonym = vault.pseudonym(carol);

            KekRotation rotation = vault.rotateKeyEncryptionKey(done -> { });
            assertThat(rotation.newKekVersion()).isEqualTo(2);
            assertThat(rotation.rewrapped()).isEqualTo(2);
            assertThat(vault.destroyRetiredKekVersions()).containsExactly(1);
            vault.shred(dave);
        }
        // A fresh provider session and an empty cache: everything comes from the token again.
        try (Vault vault = openVault()) {
            assertThat(vault.describeKeyService()).contains("custos-it-kek-2");
            assertThat(vault.openString(AccessContext.self(carol), carol, NOTE, carolNote)).isEqualTo("carol's note");
            assertThat(vault.blindIndex(NOTE, "carol@example.org")).isEqualTo(index);
            assertThat(vault.pseudonym(carol)).isEqualTo(pseudonym);
            assertThatThrownBy(() -> vault.open(AccessContext.self(dave), dave, NOTE, daveNote))
                    .isInstanceOf(SubjectShreddedException.class);
        }
    }

    @Test
    void vault_onToken_derivesEnginePseudonymsReferencesAndObjectKeys() throws Exception {
        SubjectId erin = new SubjectId(503);
        Column viewer = Column.of("test_events.viewer_ref");
        long pseudonym;
        byte[] reference;
        byte[] snapshot;
        long objectKeyId;
        Vault vault = openVault();
        try {
            EnginePseudonyms pseudonyms = vault.enginePseudonyms("rel-00000000000000aa/e1");
            pseudonym = pseudonyms.of(erin);
            assertThat(pseudonym).isNotNegative()
                    .isNotEqualTo(vault.enginePseudonyms("rel-00000000000000bb/e1").of(erin));
            reference = vault.sealReference(viewer, erin);
            ObjectKey key = vault.newObjectKey("engine-snapshot");
            objectKeyId = key.id();
            snapshot = ObjectKeysIT.encrypt(key.streamingAead(), "state".getBytes(StandardCharsets.UTF_8));
            vault.close(); // logs out of the token: the derived release key no longer needs it
            vault = null;
            long started = System.nanoTime();
            for (long id = 1; id <= 100_000; id++) {
                pseudonyms.of(new SubjectId(id));
            }
            System.out.printf("engine pseudonyms (PKCS#11 vault): %,.0f per second on one thread%n",
                    100_000 / ((System.nanoTime() - started) / 1e9));
            assertThat(pseudonyms.of(erin)).isEqualTo(pseudonym);
        } finally {
            if (vault != null) {
                vault.close();
            }
        }
        try (Vault reopened = openVault()) {
            assertThat(reopened.enginePseudonyms("rel-00000000000000aa/e1").of(erin)).isEqualTo(pseudonym);
            assertThat(reopened.openReference(viewer, reference)).isEqualTo(erin);
            assertThat(ObjectKeysIT.decrypt(reopened.objectKey(objectKeyId).orElseThrow().streamingAead(), snapshot))
                    .asString(StandardCharsets.UTF_8).isEqualTo("state");
            reopened.destroyObjectKey(objectKeyId);
            assertThat(reopened.objectKey(objectKeyId)).isEmpty();
        }
    }

    @Test
    void open_wrongPin_failsWithoutShowingIt() {
        assertThatThrownBy(() -> Vault.open(VaultSettings.pkcs11(providerConfig, Secret.of("0000-wrong".toCharArray()),
                "custos-it"), db, new MutableClock(Instant.now())))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageContaining("PIN")
                .hasMessageNotContaining("0000-wrong");
    }

}
