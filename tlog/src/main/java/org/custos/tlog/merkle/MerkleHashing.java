package org.custos.tlog.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing with SHA-256: a leaf hash is {@code SHA-256(0x00 || entry)}, an interior
 * node is {@code SHA-256(0x01 || left || right)}, and the root of the empty tree is {@code SHA-256("")}.
 *
 * <p>Digests are per thread because {@link MessageDigest} is not thread-safe and allocating one per hash costs more
 * than the hash itself on the hot path of integration and audit.
 */
public final class MerkleHashing {

    /** Size of every hash in bytes. */
    public static final int HASH_SIZE = 32;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleHashing::newDigest);
    private static final byte[] EMPTY_ROOT = newDigest().digest();

    private MerkleHashing() {}

    /** The leaf hash of an entry. */
    public static byte[] leafHash(byte[] entry) {
        return leafHash(entry, 0, entry.length);
    }

    /** The leaf hash of {@code entry[offset, offset + length)}. */
    public static byte[] leafHash(byte[] entry, int offset, int length) {
        MessageDigest digest = SHA256.get();
        digest.update((byte) 0);
        digest.update(entry, offset, length);
        return digest.digest();
    }

    /** The hash of an interior node with the given children. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = SHA256.get();
        digest.update((byte) 1);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** The root hash of the empty tree, {@code SHA-256("")}. */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
