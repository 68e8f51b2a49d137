package org.custos.vault;

import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.subtle.AesGcmJce;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persisted formats are what docs/vault.md says: a sealed value decrypts with the JDK's own AES-GCM (not Tink)
 * given the data key and the documented associated data, and the primitive matches published AES-256-GCM
 * known-answer vectors (McGrew and Viega, "The Galois/Counter Mode of Operation", test cases 13 and 14).
 */
class SealedFormatIT {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path keys;

    @Test
    void sealedValue_decryptsWithTheJdkUsingTheDocumentedLayout() throws Exception {
        SubjectId subject = new SubjectId(1234);
        Column column = Column.of("app_users.email");
        byte[] master = new byte[32];
        master[31] = 7;
        VaultSettings.Local settings = VaultSettings.local(keys, Secret.of(master));
        try (HikariDataSource db = TestDatabases.fresh("vault");
             Vault vault = Vault.open(settings, db, new MutableClock(Instant.parse("2026-06-01T00:00:00Z")));
             LocalKeyService keyService = LocalKeyService.open(settings)) {
            byte[] sealed = vault.sealString(subject, column, "format@example.org");

            byte[] wrapped;
            int version;
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT kek_version, wrapped_key FROM vault_keys.vault_data_keys WHERE subject_id = ?")) {
                s.setLong(1, subject.value());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    version = r.getInt(1);
                    wrapped = r.getBytes(2);
                }
            }
            // Tink output prefix: 0x01 then the KEK version, big-endian.
            assertThat(Arrays.copyOf(wrapped, 5)).containsExactly(1, 0, 0, 0, version);
            byte[] dataKey = keyService.unwrap(version, wrapped, "custos.vault.dek.v1/1234".getBytes(StandardCharsets.US_ASCII));

            assertThat(sealed[0]).isEqualTo((byte) 0x01);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, sealed, 1, 12));
            gcm.updateAAD("custos.vault.v1/1234/app_users.email".getBytes(StandardCharsets.US_ASCII));
            byte[] plaintext = gcm.doFinal(sealed, 13, sealed.length - 13);
            assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo("format@example.org");
        }
    }

    @Test
    void dataKeyPrimitive_matchesPublishedAes256GcmVectors() throws Exception {
        AesGcmJce aead = new AesGcmJce(new byte[32]);
        byte[] iv = new byte[12];
        // Test case 13: empty plaintext, tag only.
        assertThat(aead.decrypt(HEX.parseHex("000000000000000000000000" + "530f8afbc74536b9a963b4f1c4cb738b"), new byte[0]))
                .isEmpty();
        // Test case 14: one zero block.
        byte[] sealed14 = HEX.parseHex(HEX.formatHex(iv) + "cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
        assertThat(aead.decrypt(sealed14, new byte[0])).isEqualTo(new byte[16]);
    }
}
