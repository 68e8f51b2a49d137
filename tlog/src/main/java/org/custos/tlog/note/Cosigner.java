package org.custos.tlog.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;

/**
 * A witness's tlog-cosignature/v1 key. A cosignature is {@code timestamp (8 bytes, big-endian seconds) ||
 * Ed25519(signed message)}, where the signed message is {@code "cosignature/v1\ntime <t>\n"} followed by the
 * checkpoint body. The clock is injected so that tests and the reference vectors control the timestamp.
 */
public final class Cosigner {

    private final String name;
    private final KeyPair keys;
    private final VerifierKey verifierKey;
    private final Clock clock;

    /** A cosigner with the same name and Ed25519 seed as {@code key}; its key ID differs by type (0x04). */
    public Cosigner(NoteSigner key, Clock clock) {
        this.name = key.name();
        this.keys = Ed25519.fromSeed(key.seed());
        this.verifierKey = VerifierKey.of(name, KeyType.COSIGNATURE_V1, keys.getPublic());
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public VerifierKey verifierKey() {
        return verifierKey;
    }

    /** Cosigns a checkpoint body (the note text) at the clock's current second. */
    public NoteSignature cosign(String checkpointBody) {
        long time = clock.instant().getEpochSecond();
        byte[] sig = Ed25519.sign(keys.getPrivate(), signedMessage(time, checkpointBody.getBytes(StandardCharsets.UTF_8)));
        byte[] blob = ByteBuffer.allocate(8 + sig.length).putLong(time).put(sig).array();
        return new NoteSignature(name, verifierKey.keyId(), blob);
    }

    /** The timestamp carried by a cosignature. */
    public static long timestamp(NoteSignature cosignature) {
        return ByteBuffer.wrap(cosignature.signature()).getLong();
    }

    static byte[] signedMessage(long time, byte[] body) {
        byte[] header = ("cosignature/v1\ntime " + time + "\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();
    }
}
