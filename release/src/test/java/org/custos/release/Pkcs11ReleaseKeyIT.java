package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.security.Signature;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.custos.vault.Secret;
import org.custos.testing.SoftHsm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * The release signing key on a PKCS#11 token: a throwaway SoftHSM2 token, the key pair generated on it at first
 * use, signatures made there and checked with the JDK's own Ed25519.
 */
class Pkcs11ReleaseKeyIT {
    private static final Path LIBRARY = SoftHsm.LIBRARY;
    private static final String PIN = "4711-custos";
    private static Path providerConfig;

    @BeforeAll
    static void createToken() {
        assumeThat(SoftHsm.available()).as("SoftHSM2 not installed or SOFTHSM2_CONF not set: skipping").isTrue();
        providerConfig = SoftHsm.newToken("release", PIN);
    }

    @Test
    void open_generatesAnEd25519KeyOnTheToken_signsThere_andFindsItAgain() throws Exception {
        SigningKeySettings.Pkcs11 settings = new SigningKeySettings.Pkcs11(providerConfig,
                Secret.of(PIN.toCharArray()), "custos-release");
        ReleaseSigner first = ReleaseSigner.open(settings);
        byte[] message = "DSSEv1 28 application/vnd.in-toto+json 2 {}".getBytes(StandardCharsets.UTF_8);
        byte[] signature = first.sign(message);

        assertThat(first.publicKey().getAlgorithm()).isEqualTo("EdDSA");
        assertThat(signature).hasSize(64);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(first.publicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
        // Ed25519 is deterministic: the same key gives the same signature, and a reopened key is that key
        ReleaseSigner again = ReleaseSigner.open(settings);
        assertThat(again.keyId()).isEqualTo(first.keyId());
        assertThat(again.sign(message)).isEqualTo(signature);
        assertThat(again.toString()).doesNotContain(PIN);
    }

    @Test
    void theKeyOnTheToken_isSensitiveAndUnextractable() throws Exception {
        ReleaseSigner.open(new SigningKeySettings.Pkcs11(providerConfig, Secret.of(PIN.toCharArray()),
                "custos-sealed"));

        Slot slot = Pkcs11Config.read(providerConfig).slot(wrapper());
        Session session = slot.getToken().openSession(false);
        long[] keys = session.findAllObjectsSingle(AttributeVector.newPrivateKey(PKCS11Constants.CKK_EC_EDWARDS)
                .label("custos-sealed"));
        assertThat(keys).hasSize(1);
        AttributeVector attributes = session.getAttrValues(keys[0], PKCS11Constants.CKA_SENSITIVE,
                PKCS11Constants.CKA_EXTRACTABLE, PKCS11Constants.CKA_TOKEN);
        assertThat(attributes.sensitive()).isTrue();
        assertThat(attributes.extractable()).isFalse();
        assertThat(attributes.token()).isTrue();
        session.closeSession();
    }

    private static PKCS11Module wrapper() throws Exception {
        PKCS11Module module = PKCS11Module.getInstance(LIBRARY.toString());
        try {
            module.initialize();
        } catch (org.xipki.pkcs11.wrapper.PKCS11Exception e) {
            assertThat(e.getErrorCode()).isEqualTo(PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED);
        }
        return module;
    }

    @Test
    void open_withAWrongPin_saysThePinIsIncorrect() {
        assertThatThrownBy(() -> ReleaseSigner.open(new SigningKeySettings.Pkcs11(providerConfig,
                Secret.of("wrong-pin".toCharArray()), "custos-release")))
                .isInstanceOf(ReleaseSigningException.class)
                .hasMessageContaining("check the library path, slot and PIN")
                .hasMessageContaining("the PIN is incorrect")
                .hasMessageNotContaining("wrong-pin");
    }

    @Test
    void open_withAnAbsentSlot_namesIt() throws Exception {
        Path config = providerConfig.resolveSibling("absent-slot.cfg");
        Files.writeString(config, "name = Absent\nlibrary = " + LIBRARY + "\nslot = 4242\n");
        assertThatThrownBy(() -> ReleaseSigner.open(new SigningKeySettings.Pkcs11(config,
                Secret.of(PIN.toCharArray()), "custos-release")))
                .isInstanceOf(ReleaseSigningException.class)
                .hasMessageContaining("no token in slot 4242");
    }

    @Test
    void provider_stillHasNoEd25519() {
        // Why the release key does not go through SunPKCS11: the day this fails, it could.
        var provider = Security.getProvider("SunPKCS11").configure(providerConfig.toString());
        assertThat(provider.getServices()).noneMatch(s -> s.getAlgorithm().equalsIgnoreCase("Ed25519")
                || s.getAlgorithm().equalsIgnoreCase("EdDSA"));
    }
}
