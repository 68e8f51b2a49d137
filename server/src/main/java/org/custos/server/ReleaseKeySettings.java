package org.custos.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the release gate's signing key (Ed25519) lives, as configured ({@code release.signing}); its PIN is read
 * only when the gate opens.
 */
public sealed interface ReleaseKeySettings {

    /** A key file under the release directory, created on first use (the default). */
    record LocalFile() implements ReleaseKeySettings {
    }

    /**
     * A key pair on a PKCS#11 token, generated there on first use.
     *
     * @param configFile a SunPKCS11-format file naming the library and slot (the KEK's file can serve for both)
     * @param pin the token's user PIN
     * @param label the key pair's label on the token
     */
    record Pkcs11(Path configFile, SecretSource pin, String label) implements ReleaseKeySettings {
        public Pkcs11 {
            Objects.requireNonNull(configFile, "configFile");
            Objects.requireNonNull(pin, "pin");
            Objects.requireNonNull(label, "label");
        }
    }
}
