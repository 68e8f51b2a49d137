package org.custos.release;

import java.nio.file.Path;
import java.util.Objects;
import org.custos.vault.Secret;

/**
 * Where the custodian's release signing key (Ed25519) lives.
 *
 * <ul>
 *   <li>{@link Local}: a PKCS#8 private key file (PEM, mode 0600), created on first use, with the public key beside
 *       it as {@code <file>.pub.pem} (PEM SubjectPublicKeyInfo). The default.
 *   <li>{@link Pkcs11}: an Ed25519 key pair on a PKCS#11 token, generated there on first use and found by its label
 *       afterwards; the token is named by a SunPKCS11-format file ({@code library}, {@code slot} or
 *       {@code slotListIndex}), the one the vault's KEK is configured with.
 * </ul>
 */
public sealed interface SigningKeySettings {

    record Local(Path privateKeyFile) implements SigningKeySettings {
        public Local {
            privateKeyFile = privateKeyFile.toAbsolutePath().normalize();
        }

        /** The PEM public key written beside the private key. */
        public Path publicKeyFile() {
            return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub.pem");
        }
    }

    record Pkcs11(Path pkcs11Config, Secret pin, String keyLabel) implements SigningKeySettings {
        public Pkcs11 {
            Objects.requireNonNull(pin, "pin");
            if (!keyLabel.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("key label must match [A-Za-z0-9._-]{1,64}: " + keyLabel);
            }
            pkcs11Config = pkcs11Config.toAbsolutePath().normalize();
        }
    }
}
