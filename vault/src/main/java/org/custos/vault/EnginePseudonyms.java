package org.custos.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonyms one engine release sees users under: {@link #of} maps a subject to a non-negative 63-bit number,
 * stable for this release key and unrelated to the numbers of any other release key (except by chance: two
 * releases agree on a subject with probability 2<sup>-63</sup>). The owner's algorithm never sees an account id,
 * and cannot join what two releases (or two epochs of one release) saw.
 *
 * <p>Why a derived key computed here rather than a call to the key service per subject: the engine's event stream
 * and replay need 100 k pseudonyms per second and more, and a PKCS#11 token answers a few thousand keyed hashes per
 * second. So the vault derives the release's key once, {@code HMAC-SHA256(pseudonym key,
 * "custos.engine-pseudonym-key.v1\0" || release key)} (the pseudonym key never leaves the key service; the domain
 * keeps this derivation apart from every other use of that key), and this object computes
 * {@code HMAC-SHA256(release key', "custos.engine-pseudonym.v1\0" || subject id as 8 bytes big-endian)} in memory,
 * keeping the first 8 bytes, big-endian, with the sign bit cleared.
 *
 * <p>The derived key stays inside the boundary's process: it is held only in a {@link SecretKeySpec} and per-thread
 * {@link Mac} instances, never in a field a serialiser or {@link #toString} would show. Whoever holds it can compute
 * the release's pseudonym of any account id, so it must never be handed to the engine; the engine receives only the
 * numbers.
 *
 * <p>Thread-safe: each thread uses its own {@link Mac}.
 */
public final class EnginePseudonyms {
    /**
     * What a release key may look like: printable ASCII without spaces, 1 to 128 characters, for example
     * {@code rel-0123456789abcdef/e1} (a release id and an epoch). Changing the epoch rotates every pseudonym.
     */
    static final Pattern RELEASE_KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final byte[] KEY_DOMAIN = "custos.engine-pseudonym-key.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INPUT_DOMAIN = "custos.engine-pseudonym.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final String HMAC = "HmacSHA256";

    private final String releaseKey;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private EnginePseudonyms(String releaseKey, SecretKeySpec key) {
        this.releaseKey = releaseKey;
        this.key = key;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The input of the key derivation for {@code releaseKey}, to be HMAC-ed under the pseudonym key. */
    static byte[] derivationInput(String releaseKey) {
        if (!RELEASE_KEY.matcher(releaseKey).matches()) {
            throw new IllegalArgumentException("an engine release key must be 1 to 128 printable ASCII characters"
                    + " without spaces, for example rel-0123456789abcdef/e1");
        }
        byte[] name = releaseKey.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(KEY_DOMAIN.length + name.length).put(KEY_DOMAIN).put(name).array();
    }

    /** Takes over {@code derivedKey} (the key service's answer to {@link #derivationInput}) and overwrites it. */
    static EnginePseudonyms fromDerivedKey(String releaseKey, byte[] derivedKey) {
        try {
            EnginePseudonyms pseudonyms = new EnginePseudonyms(releaseKey, new SecretKeySpec(derivedKey, HMAC));
            pseudonyms.of(new SubjectId(1)); // fail now, not on the engine's hot path, if HMAC is unusable
            return pseudonyms;
        } finally {
            Arrays.fill(derivedKey, (byte) 0);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("this JDK cannot compute " + HMAC + " for engine pseudonyms", e);
        }
    }

    /** The release's pseudonym of {@code subject}: a number in {@code [0, 2^63)}. */
    public long of(SubjectId subject) {
        Mac mac = macs.get();
        byte[] input = new byte[INPUT_DOMAIN.length + Long.BYTES];
        System.arraycopy(INPUT_DOMAIN, 0, input, 0, INPUT_DOMAIN.length);
        long id = subject.value();
        for (int i = 0; i < Long.BYTES; i++) {
            input[INPUT_DOMAIN.length + i] = (byte) (id >>> (56 - 8 * i));
        }
        byte[] digest = mac.doFinal(input);
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return value & Long.MAX_VALUE;
    }

    /** The release key these pseudonyms belong to (not secret). */
    public String releaseKey() {
        return releaseKey;
    }

    /** Names the release key only: the derived key is never shown. */
    @Override
    public String toString() {
        return "EnginePseudonyms[" + releaseKey + ", key=redacted]";
    }
}
