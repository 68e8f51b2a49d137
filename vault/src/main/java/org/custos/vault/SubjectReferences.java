package org.custos.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Subject references: a row's subject id sealed so that only the vault can read it back, for rows that otherwise
 * name their subject only by a blind index (the watch events the recommender replays). Opening a reference is one
 * in-memory AES-GCM decryption instead of reversing a blind index by HMAC-ing every account.
 *
 * <p>Format: {@code 0x02 || iv(12) || ciphertext(8) || tag(16)}, 37 bytes, AES-256-GCM with a random IV over the
 * subject id as 8 bytes big-endian, associated data {@code custos.vault.ref.v1/<table>.<column>}. The version byte
 * differs from a sealed value's {@code 0x01}, so neither is mistaken for the other.
 *
 * <p>The key is derived once, at open, as {@code HMAC-SHA256(blind-index key, "custos.reference-key.v1\0")}, and
 * kept in memory. Why deriving it from the blind-index key is acceptable: the derived key never leaves the vault's
 * process (it is neither stored nor returned), the domain separates it from every blind index (whose inputs begin
 * with {@code custos.blind-index.v1\0}), and it protects only opaque account ids, which are EXCEPTED data that the
 * boundary holds in the clear elsewhere ({@code app_users.id}); it never protects a PROTECTED value. Like the
 * blind-index key it is never rotated, because every stored reference would then have to be rewritten.
 */
final class SubjectReferences {
    static final byte FORMAT = 0x02;
    static final int LENGTH = 1 + 12 + Long.BYTES + 16;
    private static final byte[] KEY_LABEL = "custos.reference-key.v1\0".getBytes(StandardCharsets.US_ASCII);

    private final Aead aead;

    private SubjectReferences(Aead aead) {
        this.aead = aead;
    }

    static SubjectReferences derive(KeyService keyService) {
        byte[] key = keyService.blindIndexMac(KEY_LABEL);
        try {
            return new SubjectReferences(new AesGcmJce(key));
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot build the subject reference key", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    byte[] seal(Column column, SubjectId subject) {
        try {
            byte[] sealed = aead.encrypt(ByteBuffer.allocate(Long.BYTES).putLong(subject.value()).array(),
                    associatedData(column));
            return ByteBuffer.allocate(1 + sealed.length).put(FORMAT).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot seal a subject reference for " + column, e);
        }
    }

    SubjectId open(Column column, byte[] reference) {
        if (reference.length != LENGTH || reference[0] != FORMAT) {
            throw new TamperedCiphertextException(column, "not a version 1 subject reference", null);
        }
        byte[] plain;
        try {
            plain = aead.decrypt(Arrays.copyOfRange(reference, 1, reference.length), associatedData(column));
        } catch (GeneralSecurityException e) {
            throw new TamperedCiphertextException(column, "subject reference authentication failed", e);
        }
        long id = ByteBuffer.wrap(plain).getLong();
        if (id <= 0) {
            throw new TamperedCiphertextException(column, "subject reference holds no subject id", null);
        }
        return new SubjectId(id);
    }

    private static byte[] associatedData(Column column) {
        return ("custos.vault.ref.v1/" + column).getBytes(StandardCharsets.US_ASCII);
    }
}
