package org.custos.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Content-addressed files: the blob of digest {@code d} lives at {@code <root>/sha256/<hex of d>} and nowhere else.
 * A blob is streamed to a temporary file while it is hashed, fsynced, then moved into place atomically, so a reader
 * sees a whole blob or none; writing bytes that are already stored changes nothing. Reads re-hash the file, so a
 * blob altered on disk is reported, never served.
 */
final class BlobStore {
    private final Path root;
    private final Path temp;

    BlobStore(Path directory) throws IOException {
        this.root = directory.resolve("sha256");
        this.temp = directory.resolve("tmp");
        Files.createDirectories(root);
        Files.createDirectories(temp);
    }

    /** A blob that is too large, or whose bytes do not have the digest they were announced under. */
    static final class RejectedBlobException extends IOException {
        private final boolean tooLarge;

        RejectedBlobException(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        boolean tooLarge() {
            return tooLarge;
        }
    }

    /** A stored blob whose bytes no longer hash to its name. */
    static final class CorruptBlobException extends IOException {
        CorruptBlobException(String message) {
            super(message);
        }
    }

    record Stored(Sha256Digest digest, long size, boolean created) {}

    /**
     * Stores what {@code in} holds, at most {@code maxBytes}. When {@code expected} is given, the bytes must have
     * that digest; otherwise nothing is kept.
     */
    Stored put(InputStream in, long maxBytes, java.util.Optional<Sha256Digest> expected) throws IOException {
        Path file = Files.createTempFile(temp, "blob-", ".tmp");
        try {
            MessageDigest digest = Sha256Digest.digest();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new RejectedBlobException("a blob holds at most " + maxBytes + " bytes", true);
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            Sha256Digest actual = new Sha256Digest(HexFormat.of().formatHex(digest.digest()));
            if (expected.isPresent() && !expected.get().equals(actual)) {
                throw new RejectedBlobException("the bytes sent have digest " + actual + ", not " + expected.get(),
                        false);
            }
            Path target = root.resolve(actual.hex());
            if (Files.exists(target)) {
                return new Stored(actual, size, false);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                // link() fails atomically if another writer stored the same blob first; its bytes are ours.
                Files.createLink(target, file);
            } catch (FileAlreadyExistsException e) {
                return new Stored(actual, size, false);
            } catch (UnsupportedOperationException e) {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(root);
            return new Stored(actual, size, true);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    Stored put(byte[] bytes) throws IOException {
        return put(new java.io.ByteArrayInputStream(bytes), Long.MAX_VALUE, java.util.Optional.empty());
    }

    boolean contains(Sha256Digest digest) {
        return Files.isRegularFile(root.resolve(digest.hex()));
    }

    /**
     * The path of blob {@code digest} after checking that its bytes still hash to it.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such blob
     * @throws CorruptBlobException if the stored bytes have another digest
     */
    Path verified(Sha256Digest digest) throws IOException {
        Path file = root.resolve(digest.hex());
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException("no blob " + digest);
        }
        Sha256Digest actual = Sha256Digest.of(file);
        if (!actual.equals(digest)) {
            throw new CorruptBlobException("the stored blob " + digest + " now hashes to " + actual);
        }
        return file;
    }

    /** The stored file, unchecked: only for tests that tamper with it. */
    Path location(Sha256Digest digest) {
        return root.resolve(digest.hex());
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot fsync a directory; the link itself is still atomic there.
        }
    }
}
