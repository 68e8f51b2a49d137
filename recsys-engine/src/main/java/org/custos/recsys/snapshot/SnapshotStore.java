package org.custos.recsys.snapshot;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.custos.recsys.Lineage;

/**
 * Snapshots of the engine's learnt state in one folder, one file each, named by stream position.
 *
 * <p>File format ({@code snapshot-<position, 20 digits>.bin}), all integers big-endian:
 * <pre>
 *   "CUSTOSRS"                       8 bytes magic
 *   format version                   int (1)
 *   lineage JSON length, lineage     int, UTF-8 JSON of {@link Lineage} (see {@link LineageJson})
 *   state                            the engine's own encoding (model rows, histories, counts)
 *   SHA-256 of everything above      32 bytes
 * </pre>
 * A snapshot is written to a temporary file, flushed to disk and atomically renamed, so a crash leaves either
 * the old set or the new one; a file whose digest does not match is skipped on restore and the next older one
 * is used. The lineage also goes to {@code snapshot-<position>.lineage.json} beside it, for the transparency log.
 */
public final class SnapshotStore {

    private static final byte[] MAGIC = "CUSTOSRS".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 2;

    /** Writes the engine's state. */
    @FunctionalInterface
    public interface StateWriter {
        void write(DataOutput out) throws IOException;
    }

    /** Reads the engine's state back. */
    @FunctionalInterface
    public interface StateReader {
        void read(DataInput in) throws IOException;
    }

    private final Path directory;
    private final int keep;

    public SnapshotStore(Path directory, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.directory = Files.createDirectories(directory);
        this.keep = keep;
    }

    /** Writes a snapshot durably and drops the oldest beyond {@code keep}; returns its file. */
    public Path write(Lineage lineage, StateWriter state) throws IOException {
        String name = String.format("snapshot-%020d", lineage.position());
        Path target = directory.resolve(name + ".bin");
        Path temporary = directory.resolve(name + ".bin.tmp");
        MessageDigest sha = sha256();
        try (OutputStream file = Files.newOutputStream(temporary);
             DigestOutputStream digesting = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), sha);
             DataOutputStream out = new DataOutputStream(digesting)) {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            byte[] header = LineageJson.write(lineage);
            out.writeInt(header.length);
            out.write(header);
            state.write(out);
            out.flush();
            digesting.on(false);
            out.write(sha.digest());
            out.flush();
        }
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.write(directory.resolve(name + ".lineage.json"), LineageJson.write(lineage));
        prune();
        return target;
    }

    /**
     * Restores the newest intact snapshot into {@code state}; returns its lineage, or empty when there is none.
     * Damaged files, and files of another format (an older engine's), are skipped and named by {@link #skipped()}.
     */
    public Optional<Lineage> restoreLatest(StateReader state) throws IOException {
        skipped.clear();
        List<Path> files = snapshots();
        for (int i = files.size() - 1; i >= 0; i--) {
            Path file = files.get(i);
            byte[] bytes = Files.readAllBytes(file);
            if (!intact(bytes)) {
                skipped.add(file.getFileName().toString());
                continue;
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    new ByteArrayInputStream(bytes, 0, bytes.length - 32), 1 << 16))) {
                byte[] magic = new byte[MAGIC.length];
                in.readFully(magic);
                int format = in.readInt();
                if (!Arrays.equals(magic, MAGIC) || format != FORMAT) {
                    // another format (an older engine's): unusable here, so the engine replays the stream instead
                    skipped.add(file.getFileName().toString());
                    continue;
                }
                byte[] header = new byte[in.readInt()];
                in.readFully(header);
                Lineage lineage = LineageJson.read(header);
                state.read(in);
                return Optional.of(lineage);
            }
        }
        return Optional.empty();
    }

    private final List<String> skipped = new ArrayList<>();

    /** Damaged snapshot files the last restore passed over. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Snapshot files, oldest first. */
    public List<Path> snapshots() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().matches("snapshot-\\d{20}\\.bin")).sorted().toList();
        }
    }

    private void prune() throws IOException {
        List<Path> files = snapshots();
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
            String name = files.get(i).getFileName().toString().replace(".bin", ".lineage.json");
            Files.deleteIfExists(directory.resolve(name));
        }
    }

    private static boolean intact(byte[] bytes) {
        if (bytes.length < MAGIC.length + 4 + 4 + 32) {
            return false;
        }
        MessageDigest sha = sha256();
        sha.update(bytes, 0, bytes.length - 32);
        return MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
