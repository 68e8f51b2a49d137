package org.custos.tlog.note;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 signed-note signing key. Its text form is golang.org/x/mod/sumdb/note's
 * {@code PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || seed)}; {@link #toString()} never reveals the seed.
 */
public final class NoteSigner {

    private static final String PREFIX = "PRIVATE+KEY+";

    private final String name;
    private final byte[] seed;
    private final KeyPair keys;
    private final VerifierKey verifierKey;

    private NoteSigner(String name, byte[] seed) throws MalformedNoteException {
        KeyNames.check(name);
        this.name = name;
        this.seed = seed.clone();
        this.keys = Ed25519.fromSeed(seed);
        this.verifierKey = VerifierKey.of(name, KeyType.ED25519, keys.getPublic());
    }

    public static NoteSigner fromSeed(String name, byte[] seed) throws MalformedNoteException {
        if (seed.length != Ed25519.SEED_SIZE) {
            throw new MalformedNoteException("an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        return new NoteSigner(name, seed);
    }

    public static NoteSigner generate(String name, SecureRandom random) throws MalformedNoteException {
        byte[] seed = new byte[Ed25519.SEED_SIZE];
        random.nextBytes(seed);
        return new NoteSigner(name, seed);
    }

    /** Parses a private key string; the key ID must match. */
    public static NoteSigner parse(String skey) throws MalformedNoteException {
        String text = skey.strip();
        if (!text.startsWith(PREFIX)) {
            throw new MalformedNoteException("a signing key starts with PRIVATE+KEY+");
        }
        String[] parts = text.substring(PREFIX.length()).split("\\+", 3);
        if (parts.length != 3) {
            throw new MalformedNoteException("a signing key is PRIVATE+KEY+<name>+<key id>+<key>");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("signing key is not base64", e);
        }
        if (key.length != 1 + Ed25519.SEED_SIZE || key[0] != KeyType.ED25519.code()) {
            throw new MalformedNoteException("signing key is not an Ed25519 seed");
        }
        NoteSigner signer = new NoteSigner(parts[0], Arrays.copyOfRange(key, 1, key.length));
        if (!HexFormat.of().toHexDigits(signer.verifierKey.keyId()).equals(parts[1])) {
            throw new MalformedNoteException("signing key ID does not match the key");
        }
        return signer;
    }

    public String name() {
        return name;
    }

    public VerifierKey verifierKey() {
        return verifierKey;
    }

    /** The private key string; whoever holds it can sign checkpoints as this log. */
    public String encodePrivateKeyInsecurely() {
        byte[] key = new byte[1 + seed.length];
        key[0] = KeyType.ED25519.code();
        System.arraycopy(seed, 0, key, 1, seed.length);
        return PREFIX + name + "+" + HexFormat.of().toHexDigits(verifierKey.keyId()) + "+"
                + Base64.getEncoder().encodeToString(key);
    }

    byte[] seed() {
        return seed.clone();
    }

    public NoteSignature sign(String text) {
        byte[] sig = Ed25519.sign(keys.getPrivate(), text.getBytes(StandardCharsets.UTF_8));
        return new NoteSignature(name, verifierKey.keyId(), sig);
    }

    /** Signs {@code text} as a note with this key's signature only. */
    public SignedNote signNote(String text) {
        return new SignedNote(text, java.util.List.of(sign(text)));
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifierKey.encode() + "]";
    }
}
