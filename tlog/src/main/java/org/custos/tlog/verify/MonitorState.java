package org.custos.tlog.verify;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.SignedNote;

/**
 * The last checkpoint a verifier accepted for a log, kept verbatim (signatures included, so it stays evidence)
 * in {@code <state dir>/<SHA-256 of the origin>.checkpoint}, replaced atomically.
 */
final class MonitorState {

    private final Path file;

    MonitorState(Path directory, String origin) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.file = directory.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".checkpoint");
    }

    Optional<SignedNote> load() throws IOException, MalformedNoteException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(SignedNote.parse(Files.readAllBytes(file)));
    }

    void save(SignedNote checkpoint) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(checkpoint.bytes()));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
