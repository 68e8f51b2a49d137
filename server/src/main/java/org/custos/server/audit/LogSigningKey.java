package org.custos.server.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.NoteSigner;

/**
 * The log's Ed25519 checkpoint key in a file of the data directory: created on first start with owner-only
 * permissions (0600), and refused later if anyone else can read it or if it names another origin, because a
 * checkpoint signed under the wrong name, or by a leaked key, cannot be taken back.
 */
final class LogSigningKey {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private LogSigningKey() {}

    static NoteSigner loadOrCreate(Path file, String origin, SecureRandom random) throws IOException {
        try {
            if (!Files.exists(file)) {
                create(file, NoteSigner.generate(origin, random));
            }
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    throw new IOException("the log signing key " + file + " is readable by others ("
                            + PosixFilePermissions.toString(permissions) + "); chmod 600 it, and rotate the log's key"
                            + " if it may have been copied");
                }
            }
            NoteSigner signer = NoteSigner.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
            if (!signer.name().equals(origin)) {
                throw new IOException("the log signing key " + file + " is named " + signer.name()
                        + " but log.origin is " + origin + "; a log keeps its origin for life");
            }
            return signer;
        } catch (MalformedNoteException e) {
            throw new IOException("the log signing key " + file + " is not a signed-note private key: "
                    + e.getMessage(), e);
        }
    }

    private static void create(Path file, NoteSigner signer) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, ".log-signing", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(partial, signer.encodePrivateKeyInsecurely() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            // No replace: two processes racing on first start must not end up with different keys.
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException raced) {
            // the other process's key wins; it is read back by the caller
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
