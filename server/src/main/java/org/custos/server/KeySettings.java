package org.custos.server;

import java.nio.file.Path;
import java.util.Objects;

/** Where the custodian's key-encryption key lives. */
public sealed interface KeySettings {

    /**
     * A Tink keyset file in {@code keyDirectory} (relative paths are under the data directory), encrypted
     * under a key derived from the master secret. {@link SecretSource.None} means the development default:
     * a random master secret kept beside the keyset.
     */
    record Local(Path keyDirectory, SecretSource masterSecret) implements KeySettings {
        public Local {
            Objects.requireNonNull(keyDirectory, "keyDirectory");
            Objects.requireNonNull(masterSecret, "masterSecret");
        }
    }

    /** A PKCS#11 token (an HSM in production, SoftHSM2 in tests) holding the KEK versions under a label prefix. */
    record Pkcs11(Path configFile, SecretSource pin, String kekLabelPrefix) implements KeySettings {
        public Pkcs11 {
            Objects.requireNonNull(configFile, "configFile");
            Objects.requireNonNull(pin, "pin");
            Objects.requireNonNull(kekLabelPrefix, "kekLabelPrefix");
            if (kekLabelPrefix.isBlank()) {
                throw new ConfigException("keys.pkcs11.label", "must not be blank");
            }
        }
    }
}
