package org.custos.release;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The default release signing key: an Ed25519 private key in a PKCS#8 PEM file (mode 0600), created on first use,
 * and its public key as PEM SubjectPublicKeyInfo in {@code <file>.pub.pem}. The public key is derived from the
 * private key on every open (the stored public file is rewritten if it differs), so the two never disagree.
 */
final class LocalReleaseKey implements ReleaseSigner {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private LocalReleaseKey(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
    }

    static LocalReleaseKey openOrCreate(SigningKeySettings.Local settings) {
        Path file = settings.privateKeyFile();
        try {
            KeyPair pair;
            if (Files.exists(file)) {
                pair = read(file);
            } else {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                try {
                    writeOwnerOnly(file, pem(pair.getPrivate()));
                } catch (FileAlreadyExistsException e) {
                    pair = read(file); // another process created it first: use theirs
                }
            }
            String publicPem = ReleaseKeys.pem(pair.getPublic());
            Path publicFile = settings.publicKeyFile();
            if (!Files.exists(publicFile) || !Files.readString(publicFile).equals(publicPem)) {
                Files.writeString(publicFile, publicPem, StandardCharsets.US_ASCII);
            }
            return new LocalReleaseKey(pair);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ReleaseSigningException("cannot open or create the release signing key " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new ReleaseSigningException("Ed25519 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "LocalReleaseKey[keyid=" + keyId() + "]";
    }

    private static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new GeneralSecurityException("the file is not a PEM " + BEGIN + " block");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        if (!(key instanceof EdECPrivateKey edec) || edec.getBytes().isEmpty()) {
            throw new GeneralSecurityException("the file does not hold an Ed25519 private key");
        }
        byte[] seed = edec.getBytes().get();
        try {
            return fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The pair of an RFC 8032 private key: the generator draws exactly the seed from its random source. */
    private static KeyPair fromSeed(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] out) {
                System.arraycopy(seed, 0, out, 0, out.length);
            }
        });
        return generator.generateKeyPair();
    }

    private static byte[] pem(PrivateKey key) {
        return (BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeOwnerOnly(Path target, byte[] content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        boolean posix = Files.getFileStore(directory).supportsFileAttributeView("posix");
        Path temp = posix
                ? Files.createTempFile(directory, "." + target.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.createLink(target, temp); // fails atomically if another process created the key first
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
