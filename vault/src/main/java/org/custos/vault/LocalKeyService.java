package org.custos.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The default key service: two Tink keysets in encrypted files under the key directory.
 *
 * <ul>
 *   <li>{@code kek.tink}: AES256-GCM keys, one per KEK version; Tink key id = version (1, 2, ...), the primary is
 *       the current version. Wrapped data keys carry Tink's 5-byte prefix naming the version that wrapped them.
 *   <li>{@code index.tink}: two HMAC-SHA256 PRF keys, id 1 for blind indexes and id 2 for pseudonyms. Never rotated
 *       (rotating them would orphan every stored blind index and pseudonym).
 * </ul>
 *
 * <p>Each file is a Tink encrypted keyset ({@code TinkProtoKeysetFormat.serializeEncryptedKeyset}) under an
 * AES256-GCM key derived from the master secret with HKDF-SHA256 (salt {@code custos.vault.keyset.v1}, info = file
 * name); the file name is the associated data too, so the two files cannot be swapped. Every change is written
 * atomically ({@link AtomicFiles}).
 *
 * <p>Parsed once: the primitives are built at open and after a rotation, never per call.
 */
final class LocalKeyService implements KeyService {
    static final String KEK_FILE = "kek.tink";
    static final String INDEX_FILE = "index.tink";
    private static final byte[] SALT = "custos.vault.keyset.v1".getBytes(StandardCharsets.US_ASCII);
    private static final int BLIND_INDEX_KEY_ID = 1;
    private static final int PSEUDONYM_KEY_ID = 2;

    /** The KEK keyset and its primitive, swapped as one on rotation. */
    private record KekState(KeysetHandle handle, Aead aead, int primary, FileTime modified) {
    }

    private final Path directory;
    private final Aead kekFileAead;
    private final Prf blindIndex;
    private final Prf pseudonym;
    private volatile KekState kek;

    private LocalKeyService(Path directory, Aead kekFileAead, Prf blindIndex, Prf pseudonym, KekState kek) {
        this.directory = directory;
        this.kekFileAead = kekFileAead;
        this.blindIndex = blindIndex;
        this.pseudonym = pseudonym;
        this.kek = kek;
    }

    static LocalKeyService open(VaultSettings.Local settings) {
        try {
            AeadConfig.register();
            PrfConfig.register();
            Path directory = settings.keyDirectory();
            Files.createDirectories(directory);
            byte[] master = settings.masterSecret().bytes();
            Aead kekFileAead = fileAead(master, KEK_FILE);
            Aead indexFileAead = fileAead(master, INDEX_FILE);
            Arrays.fill(master, (byte) 0);

            KeysetHandle index = readOrCreate(directory.resolve(INDEX_FILE), indexFileAead, LocalKeyService::newIndexKeyset);
            PrfSet prfs = index.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
            Prf blind = prfs.getPrfs().get(BLIND_INDEX_KEY_ID);
            Prf pseudo = prfs.getPrfs().get(PSEUDONYM_KEY_ID);
            if (blind == null || pseudo == null) {
                throw new KeyServiceException(directory.resolve(INDEX_FILE) + " lacks the blind-index or pseudonym key");
            }
            Path kekFile = directory.resolve(KEK_FILE);
            KeysetHandle keks = readOrCreate(kekFile, kekFileAead, LocalKeyService::newKekKeyset);
            return new LocalKeyService(directory, kekFileAead, blind, pseudo,
                    state(keks, Files.getLastModifiedTime(kekFile)));
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyServiceException("cannot open the local key service in " + settings.keyDirectory(), e);
        }
    }

    private static Aead fileAead(byte[] master, String fileName) throws GeneralSecurityException {
        byte[] key = Hkdf.computeHkdf("HMACSHA256", master, SALT, fileName.getBytes(StandardCharsets.US_ASCII), 32);
        try {
            return new AesGcmJce(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private interface KeysetFactory {
        KeysetHandle create() throws GeneralSecurityException;
    }

    private static KeysetHandle readOrCreate(Path file, Aead fileAead, KeysetFactory factory)
            throws GeneralSecurityException, IOException {
        byte[] associatedData = file.getFileName().toString().getBytes(StandardCharsets.US_ASCII);
        try {
            return parse(file, Files.readAllBytes(file), fileAead, associatedData);
        } catch (NoSuchFileException absent) {
            KeysetHandle created = factory.create();
            try {
                AtomicFiles.writeOwnerOnly(file,
                        TinkProtoKeysetFormat.serializeEncryptedKeyset(created, fileAead, associatedData), false);
                return created;
            } catch (FileAlreadyExistsException raced) {
                // Another process created it between our read and our write: use theirs.
                return parse(file, Files.readAllBytes(file), fileAead, associatedData);
            }
        }
    }

    private static KeysetHandle parse(Path file, byte[] bytes, Aead fileAead, byte[] associatedData) {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(bytes, fileAead, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException(
                    "the master secret does not decrypt " + file + " (wrong secret, or the file was altered)", e);
        }
    }

    private static KeysetHandle newKekKeyset() throws GeneralSecurityException {
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(kekParameters()).withFixedId(1).makePrimary())
                .build();
    }

    private static AesGcmParameters kekParameters() throws GeneralSecurityException {
        return AesGcmParameters.builder()
                .setKeySizeBytes(32)
                .setIvSizeBytes(12)
                .setTagSizeBytes(16)
                .setVariant(AesGcmParameters.Variant.TINK)
                .build();
    }

    private static KeysetHandle newIndexKeyset() throws GeneralSecurityException {
        HmacPrfParameters hmac = HmacPrfParameters.builder()
                .setKeySizeBytes(32)
                .setHashType(HmacPrfParameters.HashType.SHA256)
                .build();
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(hmac).withFixedId(BLIND_INDEX_KEY_ID).makePrimary())
                .addEntry(KeysetHandle.generateEntryFromParameters(hmac).withFixedId(PSEUDONYM_KEY_ID))
                .build();
    }

    private static KekState state(KeysetHandle handle, FileTime modified) throws GeneralSecurityException {
        return new KekState(handle, handle.getPrimitive(RegistryConfiguration.get(), Aead.class),
                handle.getPrimary().getId(), modified);
    }

    @Override
    public int primaryKekVersion() {
        return kek.primary();
    }

    @Override
    public WrappedKey wrap(byte[] dataKey, byte[] associatedData) {
        KekState current = kek;
        try {
            // Another process sharing the directory may have rotated: a new key must go under the new primary, or
            // that rotation would leave it behind. One stat per data key created (once per subject) is cheap.
            if (!Files.getLastModifiedTime(directory.resolve(KEK_FILE)).equals(current.modified())) {
                reload();
                current = kek;
            }
            return new WrappedKey(current.primary(), current.aead().encrypt(dataKey, associatedData));
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyServiceException("cannot wrap a data key under KEK version " + current.primary(), e);
        }
    }

    @Override
    public byte[] unwrap(int kekVersion, byte[] wrapped, byte[] associatedData) {
        try {
            return kek.aead().decrypt(wrapped, associatedData);
        } catch (GeneralSecurityException first) {
            // Another process sharing the directory may have rotated: reload once and retry.
            try {
                reload();
                return kek.aead().decrypt(wrapped, associatedData);
            } catch (GeneralSecurityException | IOException e) {
                e.addSuppressed(first);
                throw new KeyServiceException("cannot unwrap a data key wrapped under KEK version " + kekVersion, e);
            }
        }
    }

    private synchronized void reload() throws IOException, GeneralSecurityException {
        Path file = directory.resolve(KEK_FILE);
        FileTime modified = Files.getLastModifiedTime(file);
        kek = state(parse(file, Files.readAllBytes(file), kekFileAead,
                KEK_FILE.getBytes(StandardCharsets.US_ASCII)), modified);
    }

    @Override
    public synchronized int rotate() {
        try {
            reload();
            KeysetHandle current = kek.handle();
            int next = 0;
            for (int i = 0; i < current.size(); i++) {
                next = Math.max(next, current.getAt(i).getId());
            }
            next++;
            KeysetHandle rotated = KeysetHandle.newBuilder(current)
                    .addEntry(KeysetHandle.generateEntryFromParameters(kekParameters()).withFixedId(next).makePrimary())
                    .build();
            // Durable before use: a key wrapped under a version that is not on disk would be lost in a crash.
            Path file = directory.resolve(KEK_FILE);
            AtomicFiles.writeOwnerOnly(file, TinkProtoKeysetFormat.serializeEncryptedKeyset(
                    rotated, kekFileAead, KEK_FILE.getBytes(StandardCharsets.US_ASCII)), true);
            kek = state(rotated, Files.getLastModifiedTime(file));
            return next;
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyServiceException("cannot add a KEK version to " + directory.resolve(KEK_FILE), e);
        }
    }

    @Override
    public java.util.List<Integer> kekVersions() {
        KeysetHandle handle = kek.handle();
        java.util.List<Integer> versions = new java.util.ArrayList<>();
        for (int i = 0; i < handle.size(); i++) {
            versions.add(handle.getAt(i).getId());
        }
        versions.sort(null);
        return versions;
    }

    @Override
    public synchronized void destroyKek(int version) {
        try {
            reload();
            if (version == kek.primary()) {
                throw new KeyServiceException("refusing to destroy the primary KEK version " + version);
            }
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(kek.handle());
            for (int i = 0; i < builder.size(); i++) {
                if (kek.handle().getAt(i).getId() == version) {
                    builder.deleteAt(i);
                    KeysetHandle remaining = builder.build();
                    Path file = directory.resolve(KEK_FILE);
                    AtomicFiles.writeOwnerOnly(file, TinkProtoKeysetFormat.serializeEncryptedKeyset(
                            remaining, kekFileAead, KEK_FILE.getBytes(StandardCharsets.US_ASCII)), true);
                    kek = state(remaining, Files.getLastModifiedTime(file));
                    return;
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyServiceException("cannot remove KEK version " + version + " from " + directory, e);
        }
    }

    @Override
    public byte[] blindIndexMac(byte[] input) {
        return mac(blindIndex, input);
    }

    @Override
    public byte[] pseudonymMac(byte[] input) {
        return mac(pseudonym, input);
    }

    private static byte[] mac(Prf prf, byte[] input) {
        try {
            return prf.compute(input, 32);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("keyed hash failed", e);
        }
    }

    @Override
    public String describe() {
        return "local keyset in " + directory + " (KEK version " + kek.primary() + ")";
    }

    @Override
    public void close() {
        // Nothing to release: the keys live in this object and go with it.
    }
}
