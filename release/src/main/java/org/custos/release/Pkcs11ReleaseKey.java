package org.custos.release;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Arrays;

/**
 * The release signing key on a PKCS#11 token, reached through the JDK's SunPKCS11 provider as the vault's KEK is:
 * the private key stays on the token (label {@link SigningKeySettings.Pkcs11#keyLabel()}) and signs there.
 *
 * <p>Limitation, checked against JDK 25 and SoftHSM2: SunPKCS11 maps no EdDSA mechanism (CKM_EDDSA) or
 * Edwards-curve key type (CKK_EC_EDWARDS), so it offers neither an {@code Ed25519} signature nor a key pair
 * generator, even when the token supports them. Opening therefore logs in to the token (so the configuration and
 * the PIN are checked) and then fails with a {@link ReleaseSigningException} that says so, rather than signing with
 * another algorithm. Production uses the local key file until the JDK or a PKCS#11 provider with EdDSA is adopted.
 */
final class Pkcs11ReleaseKey implements ReleaseSigner {
    private final Provider provider;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private Pkcs11ReleaseKey(Provider provider, PrivateKey privateKey, PublicKey publicKey) {
        this.provider = provider;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static Pkcs11ReleaseKey open(SigningKeySettings.Pkcs11 settings) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new ReleaseSigningException("this JDK has no SunPKCS11 provider");
        }
        char[] pin = settings.pin().chars();
        Provider provider;
        KeyStore token;
        try {
            provider = base.configure(settings.pkcs11Config().toString());
            token = KeyStore.getInstance("PKCS11", provider);
            token.load(null, pin);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new ReleaseSigningException("cannot open the PKCS#11 token configured by " + settings.pkcs11Config()
                    + " (check the library path, slot and PIN): " + e.getMessage(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
        try {
            Signature.getInstance("Ed25519", provider);
        } catch (NoSuchAlgorithmException e) {
            throw new ReleaseSigningException("the PKCS#11 provider " + provider.getName() + " offers no Ed25519 "
                    + "signature: the JDK's SunPKCS11 does not support EdDSA keys (CKM_EDDSA), so the release "
                    + "signing key cannot live on this token; use the local key file (release.signing=local)", e);
        }
        try {
            PrivateKey key = (PrivateKey) token.getKey(settings.keyLabel(), null);
            Certificate certificate = token.getCertificate(settings.keyLabel());
            if (key == null || certificate == null) {
                throw new ReleaseSigningException("the token has no Ed25519 key pair labelled " + settings.keyLabel()
                        + " with a certificate for its public key; create one with the token's tools");
            }
            return new Pkcs11ReleaseKey(provider, key, certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new ReleaseSigningException("cannot read the token key " + settings.keyLabel(), e);
        }
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519", provider);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new ReleaseSigningException("the token could not sign", e);
        }
    }

    @Override
    public String toString() {
        return "Pkcs11ReleaseKey[provider=" + provider.getName() + ", keyid=" + keyId() + "]";
    }
}
