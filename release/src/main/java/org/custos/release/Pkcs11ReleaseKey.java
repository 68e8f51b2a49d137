package org.custos.release;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC_EDWARDS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_EDWARDS_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EDDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_INCORRECT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_CLOSED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_TOKEN_NOT_PRESENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_NOT_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * The release signing key on a PKCS#11 token: an Ed25519 key pair (CKK_EC_EDWARDS, labelled
 * {@link SigningKeySettings.Pkcs11#keyLabel()}) generated on the token at first use, its private half sensitive and
 * unextractable, signing there with CKM_EDDSA.
 *
 * <p>Why not the JDK's SunPKCS11, as the vault's KEK: it maps no EdDSA mechanism or Edwards key type (JDK 25), so it
 * can neither generate nor use such a key. The token is reached instead through the xipki PKCS#11 wrapper, which
 * calls the token's functions directly. Both may load the same library in one process (a KEK and a release key on
 * one HSM): the library is initialised once, whoever comes first, and never finalised here.
 *
 * <p>The token is chosen by the same configuration file as the KEK's ({@link Pkcs11Config}: {@code library} and
 * {@code slot} or {@code slotListIndex}). One session serves every signature, one at a time; a session the token
 * dropped is reopened once.
 */
final class Pkcs11ReleaseKey implements ReleaseSigner {
    private static final Logger LOG = Logger.getLogger(Pkcs11ReleaseKey.class.getName());
    /** DER of the Ed25519 curve's object identifier, 1.3.101.112: the key pair's CKA_EC_PARAMS. */
    private static final byte[] ED25519_PARAMS = {0x06, 0x03, 0x2b, 0x65, 0x70};
    /** SubjectPublicKeyInfo of an Ed25519 key, up to the 32 key bytes (RFC 8410). */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final byte[] SELF_TEST = "custos release key self-test".getBytes(StandardCharsets.US_ASCII);
    private static final Map<String, PKCS11Module> MODULES = new ConcurrentHashMap<>();

    static {
        WrapperLogging.install();
    }

    private final SigningKeySettings.Pkcs11 settings;
    private final Slot slot;
    private final PublicKey publicKey;
    private Session session;
    private long privateKey;

    private Pkcs11ReleaseKey(SigningKeySettings.Pkcs11 settings, Slot slot, Session session, long privateKey,
                             PublicKey publicKey) {
        this.settings = settings;
        this.slot = slot;
        this.session = session;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static Pkcs11ReleaseKey open(SigningKeySettings.Pkcs11 settings) {
        Pkcs11Config config = Pkcs11Config.read(settings.pkcs11Config());
        Slot slot;
        Session session;
        try {
            slot = config.slot(module(config));
            session = logIn(slot, settings);
        } catch (TokenException | IOException | RuntimeException e) {
            throw new ReleaseSigningException("cannot open the PKCS#11 token configured by " + settings.pkcs11Config()
                    + " (check the library path, slot and PIN): " + describe(e), e);
        }
        try {
            long[] pair = findOrCreate(session, settings.keyLabel());
            PublicKey publicKey = publicKey(session, pair[1]);
            Pkcs11ReleaseKey key = new Pkcs11ReleaseKey(settings, slot, session, pair[0], publicKey);
            key.selfTest();
            return key;
        } catch (TokenException | GeneralSecurityException e) {
            throw new ReleaseSigningException("cannot use the Ed25519 key pair labelled " + settings.keyLabel()
                    + " on the token configured by " + settings.pkcs11Config() + ": " + describe(e), e);
        }
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public synchronized byte[] sign(byte[] message) {
        try {
            return session.signSingle(new Mechanism(CKM_EDDSA), privateKey, message);
        } catch (PKCS11Exception e) {
            if (!sessionLost(e)) {
                throw new ReleaseSigningException("the token could not sign: " + describe(e), e);
            }
        } catch (TokenException e) {
            throw new ReleaseSigningException("the token could not sign: " + describe(e), e);
        }
        try {
            LOG.warning("release key: the token dropped its session; opening a new one");
            session = logIn(slot, settings);
            privateKey = findOrCreate(session, settings.keyLabel())[0];
            return session.signSingle(new Mechanism(CKM_EDDSA), privateKey, message);
        } catch (TokenException e) {
            throw new ReleaseSigningException("the token could not sign after reopening its session: " + describe(e),
                    e);
        }
    }

    @Override
    public String toString() {
        return "Pkcs11ReleaseKey[config=" + settings.pkcs11Config() + ", label=" + settings.keyLabel() + ", keyid="
                + keyId() + "]";
    }

    /** Signs once and checks the signature with the public key: a token that signs wrongly is caught at start. */
    private void selfTest() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(SELF_TEST);
        if (!verifier.verify(sign(SELF_TEST))) {
            throw new GeneralSecurityException("the token's signature does not verify with its public key");
        }
    }

    private static PKCS11Module module(Pkcs11Config config) throws IOException, TokenException {
        String library = config.library().toString();
        PKCS11Module module = MODULES.get(library);
        if (module != null) {
            return module;
        }
        synchronized (MODULES) {
            module = MODULES.get(library);
            if (module == null) {
                module = PKCS11Module.getInstance(library);
                try {
                    module.initialize();
                } catch (PKCS11Exception e) {
                    if (e.getErrorCode() != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                        throw e;
                    }
                }
                MODULES.put(library, module);
            }
            return module;
        }
    }

    private static Session logIn(Slot slot, SigningKeySettings.Pkcs11 settings) throws TokenException {
        Session session = slot.getToken().openSession(true);
        char[] pin = settings.pin().chars();
        try {
            session.login(CKU_USER, pin);
        } catch (PKCS11Exception e) {
            // the login state is the application's: another session (or the KEK's provider) may hold it already
            if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                session.closeSession();
                throw e;
            }
        } finally {
            Arrays.fill(pin, '\0');
        }
        return session;
    }

    /** The private and public key handles labelled {@code label}, generated on the token if neither exists. */
    private static long[] findOrCreate(Session session, String label) throws TokenException {
        long[] privates = session.findAllObjectsSingle(AttributeVector.newPrivateKey(CKK_EC_EDWARDS).label(label));
        long[] publics = session.findAllObjectsSingle(AttributeVector.newPublicKey(CKK_EC_EDWARDS).label(label));
        if (privates.length == 1 && publics.length == 1) {
            return new long[] {privates[0], publics[0]};
        }
        if (privates.length == 0 && publics.length == 0) {
            KeyPairTemplate template = new KeyPairTemplate(CKK_EC_EDWARDS).token(true).labels(label)
                    .id(label.getBytes(StandardCharsets.US_ASCII)).signVerify(true);
            template.publicKey().ecParams(ED25519_PARAMS);
            template.privateKey().sensitive(true).extractable(false).private_(true);
            PKCS11KeyPair pair = session.generateKeyPair(new Mechanism(CKM_EC_EDWARDS_KEY_PAIR_GEN), template);
            LOG.info("release key: generated an Ed25519 key pair labelled " + label + " on the token");
            return new long[] {pair.getPrivateKey(), pair.getPublicKey()};
        }
        throw new TokenException("the token holds " + privates.length + " Ed25519 private and " + publics.length
                + " public keys labelled " + label + "; exactly one of each is needed (remove the strays, or choose"
                + " another label)");
    }

    private static PublicKey publicKey(Session session, long handle) throws TokenException, GeneralSecurityException {
        byte[] point = session.getAttrValues(handle, CKA_EC_POINT).ecPoint();
        if (point == null) {
            throw new TokenException("the public key has no CKA_EC_POINT");
        }
        byte[] raw = point;
        // PKCS#11 3.0 asks for the DER OCTET STRING; some tokens give the 32 bytes bare
        if (point.length == 34 && point[0] == 0x04 && point[1] == 0x20) {
            raw = Arrays.copyOfRange(point, 2, 34);
        }
        if (raw.length != 32) {
            throw new TokenException("the public key's CKA_EC_POINT is " + point.length + " bytes, not an Ed25519 key");
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static boolean sessionLost(PKCS11Exception e) {
        long code = e.getErrorCode();
        return code == CKR_SESSION_HANDLE_INVALID || code == CKR_SESSION_CLOSED || code == CKR_USER_NOT_LOGGED_IN
                || code == CKR_TOKEN_NOT_PRESENT;
    }

    private static String describe(Exception e) {
        if (e instanceof PKCS11Exception p) {
            return p.getErrorCode() == CKR_PIN_INCORRECT ? "the PIN is incorrect (CKR_PIN_INCORRECT)"
                    : p.getErrorName();
        }
        return e.getMessage();
    }
}
