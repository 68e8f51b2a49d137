package org.custos.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The production key service: keys are objects on a PKCS#11 token, reached through the JDK's SunPKCS11 provider,
 * and are used there; their bytes never reach this process.
 *
 * <ul>
 *   <li>{@code <prefix>-kek-<n>}: AES-256, KEK version n. A data key is wrapped as AES-GCM encryption on the token:
 *       {@code iv(12) || ciphertext || tag(16)}, with the subject binding as associated data. AES-GCM rather than
 *       AES key wrap (RFC 3394) because SoftHSM2, the token we test against, lacks CKM_AES_KEY_WRAP with
 *       unextractable keys, and GCM also authenticates the binding.
 *   <li>{@code <prefix>-blind-index} and {@code <prefix>-pseudonym}: generic secrets for HMAC-SHA256.
 * </ul>
 *
 * <p>Missing keys are generated on the token on first use; the provider configuration should make generated keys
 * sensitive and unextractable (see docs/operations-keys.md). Token key handles are looked up once and cached, since
 * a key-store lookup costs a token round trip.
 */
final class Pkcs11KeyService implements KeyService {
    private static final String GCM = "AES/GCM/NoPadding";
    private static final int IV_LENGTH = 12;

    private final Provider provider;
    private final KeyStore token;
    private final String prefix;
    private final SecretKey blindIndexKey;
    private final SecretKey pseudonymKey;
    private final Map<Integer, SecretKey> keks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private volatile int primary;
    private volatile Instant listedAt = Instant.MIN;

    private Pkcs11KeyService(Provider provider, KeyStore token, String prefix, Clock clock)
            throws GeneralSecurityException {
        this.provider = provider;
        this.token = token;
        this.prefix = prefix;
        this.clock = clock;
        this.blindIndexKey = secretOrGenerate(prefix + "-blind-index", "HmacSHA256", 256);
        this.pseudonymKey = secretOrGenerate(prefix + "-pseudonym", "HmacSHA256", 256);
        loadKeks();
        if (keks.isEmpty()) {
            store(kekLabel(1), generate("AES", 256));
            loadKeks();
        }
    }

    /** How often a node re-lists the token's KEK versions before wrapping, to follow a rotation made elsewhere. */
    static final Duration KEK_REFRESH = Duration.ofSeconds(30);

    static Pkcs11KeyService open(VaultSettings.Pkcs11 settings, Clock clock) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new KeyServiceException("this JDK has no SunPKCS11 provider");
        }
        char[] pin = settings.pin().chars();
        try {
            Provider provider = base.configure(settings.pkcs11Config().toString());
            KeyStore token = KeyStore.getInstance("PKCS11", provider);
            token.load(null, pin);
            return new Pkcs11KeyService(provider, token, settings.kekLabelPrefix(), clock);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new KeyServiceException("cannot open PKCS#11 token configured by " + settings.pkcs11Config()
                    + " (check the library path, slot and PIN): " + e.getMessage(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private String kekLabel(int version) {
        return prefix + "-kek-" + version;
    }

    /** Reads every KEK version from the token; the highest is primary. */
    private synchronized void loadKeks() throws GeneralSecurityException {
        String kekPrefix = prefix + "-kek-";
        int highest = 0;
        for (String alias : Collections.list(token.aliases())) {
            if (alias.startsWith(kekPrefix) && alias.substring(kekPrefix.length()).matches("[1-9][0-9]{0,8}")) {
                int version = Integer.parseInt(alias.substring(kekPrefix.length()));
                keks.computeIfAbsent(version, v -> (SecretKey) getKeyUnchecked(alias));
                highest = Math.max(highest, version);
            }
        }
        primary = highest;
        listedAt = clock.instant();
    }

    private java.security.Key getKeyUnchecked(String alias) {
        try {
            return token.getKey(alias, null);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot read token key " + alias, e);
        }
    }

    private SecretKey secretOrGenerate(String label, String algorithm, int bits) throws GeneralSecurityException {
        if (!token.containsAlias(label)) {
            store(label, generate(algorithm, bits));
        }
        return (SecretKey) token.getKey(label, null);
    }

    private SecretKey generate(String algorithm, int bits) throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance(algorithm, provider);
        generator.init(bits);
        return generator.generateKey();
    }

    /** Makes a session key a persistent token object labelled {@code label}. */
    private void store(String label, SecretKey key) throws GeneralSecurityException {
        token.setEntry(label, new KeyStore.SecretKeyEntry(key), null);
    }

    @Override
    public int primaryKekVersion() {
        return primary;
    }

    @Override
    public WrappedKey wrap(byte[] dataKey, byte[] associatedData) {
        int version = primary;
        try {
            if (listedAt.plus(KEK_REFRESH).isBefore(clock.instant())) {
                loadKeks(); // another node may have rotated; new keys must go under the newest version
                version = primary;
            }
            byte[] iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance(GCM, provider);
            cipher.init(Cipher.ENCRYPT_MODE, keks.get(version), new GCMParameterSpec(128, iv));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(dataKey);
            return new WrappedKey(version, ByteBuffer.allocate(IV_LENGTH + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("token cannot wrap under " + kekLabel(version), e);
        }
    }

    @Override
    public byte[] unwrap(int kekVersion, byte[] wrapped, byte[] associatedData) {
        SecretKey kek = keks.get(kekVersion);
        try {
            if (kek == null) {
                loadKeks(); // another node may have rotated
                kek = keks.get(kekVersion);
                if (kek == null) {
                    throw new KeyServiceException("token has no " + kekLabel(kekVersion));
                }
            }
            if (wrapped.length < IV_LENGTH + 16) {
                throw new KeyServiceException("wrapped key too short for " + kekLabel(kekVersion));
            }
            Cipher cipher = Cipher.getInstance(GCM, provider);
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, wrapped, 0, IV_LENGTH));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(wrapped, IV_LENGTH, wrapped.length - IV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("token cannot unwrap a data key under " + kekLabel(kekVersion), e);
        }
    }

    @Override
    public synchronized int rotate() {
        try {
            loadKeks();
            int next = primary + 1;
            store(kekLabel(next), generate("AES", 256));
            loadKeks();
            if (primary != next) {
                throw new KeyServiceException("token did not keep " + kekLabel(next));
            }
            return next;
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("token cannot create " + kekLabel(primary + 1), e);
        }
    }

    @Override
    public java.util.List<Integer> kekVersions() {
        return keks.keySet().stream().sorted().toList();
    }

    @Override
    public synchronized void destroyKek(int version) {
        try {
            loadKeks();
            if (version == primary) {
                throw new KeyServiceException("refusing to destroy the primary KEK " + kekLabel(version));
            }
            if (token.containsAlias(kekLabel(version))) {
                token.deleteEntry(kekLabel(version));
            }
            keks.remove(version);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("token cannot destroy " + kekLabel(version), e);
        }
    }

    @Override
    public byte[] blindIndexMac(byte[] input) {
        return mac(blindIndexKey, input);
    }

    @Override
    public byte[] pseudonymMac(byte[] input) {
        return mac(pseudonymKey, input);
    }

    private byte[] mac(SecretKey key, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256", provider);
            mac.init(key);
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("token keyed hash failed", e);
        }
    }

    @Override
    public String describe() {
        return "PKCS#11 token via " + provider.getName() + " (KEK " + kekLabel(primary) + ")";
    }

    @Override
    public void close() {
        try {
            if (provider instanceof java.security.AuthProvider auth) {
                auth.logout();
            }
        } catch (javax.security.auth.login.LoginException e) {
            // Closing anyway: the session ends with the process.
        }
    }
}
