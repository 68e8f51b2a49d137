package org.custos.tlog.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.note.VerifierKey;

/** Reading and creating key files for the command-line tools. */
final class KeyFiles {

    private KeyFiles() {}

    /** Loads the signing key in {@code file}, or creates one named {@code name} there (mode 600) if absent. */
    static NoteSigner loadOrCreate(Path file, String name, SecureRandom random) throws IOException, MalformedNoteException {
        if (Files.exists(file)) {
            NoteSigner signer = NoteSigner.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (name != null && !signer.name().equals(name)) {
                throw new MalformedNoteException("key file " + file + " holds a key named " + signer.name()
                        + ", not " + name);
            }
            return signer;
        }
        if (name == null) {
            throw new MalformedNoteException("key file " + file + " does not exist and no key name was given");
        }
        NoteSigner signer = NoteSigner.generate(name, random);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, signer.encodePrivateKeyInsecurely() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING);
        return signer;
    }

    /** A verifier key given inline or as the path of a file holding it. */
    static VerifierKey verifierKey(String valueOrFile) throws IOException, MalformedNoteException {
        Path path = Path.of(valueOrFile);
        if (!valueOrFile.contains("+") || Files.isRegularFile(path)) {
            return VerifierKey.parse(Files.readString(path, StandardCharsets.UTF_8));
        }
        return VerifierKey.parse(valueOrFile);
    }
}
