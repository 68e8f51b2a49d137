package org.custos.vault;

import java.nio.file.Path;

/**
 * Where the custodian's key-encryption key (KEK) and the keyed-hash keys live. Validated when built; the secret
 * parts never appear in {@link #toString()}.
 *
 * <ul>
 *   <li>{@link Local}: Tink keysets {@code kek.tink} (KEK versions) and {@code index.tink} (blind-index and
 *       pseudonym keys) under {@code keyDirectory}, each encrypted with an AES256-GCM key derived (HKDF-SHA256)
 *       from the master secret. Created on first use. The default for one machine and for tests; production uses
 *       {@link Pkcs11} or at least a master secret supplied from outside the key directory.
 *   <li>{@link Pkcs11}: keys generated on and never leaving a PKCS#11 token, reached through the JDK's SunPKCS11
 *       provider. Data keys are wrapped with AES-GCM on the token (SoftHSM2 has no AES key wrap).
 * </ul>
 */
public sealed interface VaultSettings {

    /** Default bound of the in-memory cache of unwrapped data keys. */
    int DEFAULT_DATA_KEY_CACHE = 100_000;

    /** How many unwrapped data keys a node keeps in memory (bounded, least recently used evicted). */
    int dataKeyCacheCapacity();

    /**
     * The local key service with an explicit master secret (at least 32 bytes of high-entropy randomness, e.g.
     * from {@link Secret#fromEnvOrFile(String)}).
     */
    static Local local(Path keyDirectory, Secret masterSecret) {
        return new Local(keyDirectory, masterSecret, DEFAULT_DATA_KEY_CACHE);
    }

    /**
     * The local key service with the master secret kept next to the keyset in {@code keyDirectory/master.secret}
     * (created with owner-only permissions when absent). Convenient for a single machine and development only:
     * whoever copies the directory holds every key.
     */
    static Local local(Path keyDirectory) {
        return new Local(keyDirectory, MasterSecretFile.readOrCreate(keyDirectory), DEFAULT_DATA_KEY_CACHE);
    }

    /**
     * A PKCS#11 token described by a SunPKCS11 configuration file (library, and {@code slot} or {@code
     * slotListIndex}: SunPKCS11 cannot select a token by label), logged into with
     * {@code pin}. Keys are token objects labelled {@code kekLabelPrefix + "-kek-" + version}, {@code
     * kekLabelPrefix + "-blind-index"} and {@code kekLabelPrefix + "-pseudonym"}; missing ones are generated on
     * first use.
     */
    static Pkcs11 pkcs11(Path pkcs11Config, Secret pin, String kekLabelPrefix) {
        return new Pkcs11(pkcs11Config, pin, kekLabelPrefix, DEFAULT_DATA_KEY_CACHE);
    }

    record Local(Path keyDirectory, Secret masterSecret, int dataKeyCacheCapacity) implements VaultSettings {
        public Local {
            if (masterSecret.length() < 32) {
                throw new IllegalArgumentException(
                        "master secret must be at least 32 bytes of random data, got " + masterSecret.length());
            }
            keyDirectory = keyDirectory.toAbsolutePath().normalize();
            checkCapacity(dataKeyCacheCapacity);
        }

        public Local withDataKeyCacheCapacity(int capacity) {
            return new Local(keyDirectory, masterSecret, capacity);
        }
    }

    record Pkcs11(Path pkcs11Config, Secret pin, String kekLabelPrefix, int dataKeyCacheCapacity)
            implements VaultSettings {
        public Pkcs11 {
            if (!kekLabelPrefix.matches("[A-Za-z0-9._-]{1,48}")) {
                throw new IllegalArgumentException("key label prefix must match [A-Za-z0-9._-]{1,48}: " + kekLabelPrefix);
            }
            pkcs11Config = pkcs11Config.toAbsolutePath().normalize();
            checkCapacity(dataKeyCacheCapacity);
        }

        public Pkcs11 withDataKeyCacheCapacity(int capacity) {
            return new Pkcs11(pkcs11Config, pin, kekLabelPrefix, capacity);
        }
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("data key cache capacity must be positive, got " + capacity);
        }
    }
}
