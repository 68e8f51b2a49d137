package org.custos.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A DSSE envelope (github.com/secure-systems-lab/dsse, protocol v1): a payload, its type, and signatures over the
 * pre-authentication encoding {@link #pae}. The release gate signs one in-toto Statement per approval with Ed25519.
 *
 * <p>Its JSON form ({@link #encode()}) is canonical ({@link CanonicalJson}: members sorted, no whitespace, standard
 * base64 with padding), so the bytes the log holds are a function of the payload and the signature:
 *
 * <pre>{"payload":"&lt;base64&gt;","payloadType":"application/vnd.in-toto+json","signatures":[{"keyid":"&lt;hex&gt;","sig":"&lt;base64&gt;"}]}</pre>
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) {
    /** The payload type of an in-toto statement. */
    public static final String IN_TOTO = "application/vnd.in-toto+json";
    private static final Set<String> MEMBERS = Set.of("payload", "payloadType", "signatures");
    private static final Set<String> SIGNATURE_MEMBERS = Set.of("keyid", "sig");

    /** One signature: the signing key's id (hex SHA-256 of its SubjectPublicKeyInfo) and the raw signature. */
    public record Signature(String keyid, byte[] sig) {
        public Signature {
            Objects.requireNonNull(keyid, "keyid");
            sig = sig.clone();
        }

        @Override
        public byte[] sig() {
            return sig.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signature s && s.keyid.equals(keyid) && Arrays.equals(s.sig, sig);
        }

        @Override
        public int hashCode() {
            return keyid.hashCode() * 31 + Arrays.hashCode(sig);
        }
    }

    public DsseEnvelope {
        Objects.requireNonNull(payloadType, "payloadType");
        payload = payload.clone();
        signatures = List.copyOf(signatures);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * DSSE's pre-authentication encoding: {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths as
     * ASCII decimal byte counts. This, not the payload, is what is signed.
     */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    /** Signs {@code payload} with {@code signer}. */
    static DsseEnvelope sign(String payloadType, byte[] payload, ReleaseSigner signer) {
        return new DsseEnvelope(payloadType, payload,
                List.of(new Signature(signer.keyId(), signer.sign(pae(payloadType, payload)))));
    }

    /** True when a signature by {@code key} (matched by key id) verifies over the PAE of this envelope. */
    public boolean verifies(PublicKey key) {
        String keyId = ReleaseKeys.keyId(key);
        byte[] message = pae(payloadType, payload);
        for (Signature s : signatures) {
            if (s.keyid().equals(keyId)) {
                try {
                    java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
                    verifier.initVerify(key);
                    verifier.update(message);
                    if (verifier.verify(s.sig())) {
                        return true;
                    }
                } catch (GeneralSecurityException e) {
                    // a malformed signature does not verify
                }
            }
        }
        return false;
    }

    /** The canonical JSON form. */
    public String encode() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("payload", Base64.getEncoder().encodeToString(payload));
        root.put("payloadType", payloadType);
        ArrayNode sigs = root.putArray("signatures");
        for (Signature s : signatures) {
            sigs.addObject().put("keyid", s.keyid()).put("sig", Base64.getEncoder().encodeToString(s.sig()));
        }
        return CanonicalJson.write(root);
    }

    /**
     * Parses the canonical JSON form: exactly the members above, at least one signature, standard base64; anything
     * else, including the same envelope with other spacing or member order, is refused.
     */
    public static DsseEnvelope parse(String json) throws InvalidStatementException {
        JsonNode root;
        try {
            root = CanonicalJson.parseCanonical(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidStatementException("the envelope is not canonical JSON: " + e.getMessage(), e);
        }
        if (!root.isObject() || !names(root).equals(MEMBERS)) {
            throw new InvalidStatementException("an envelope has exactly the members payload, payloadType and "
                    + "signatures");
        }
        if (!root.get("payload").isTextual() || !root.get("payloadType").isTextual()
                || !root.get("signatures").isArray() || root.get("signatures").isEmpty()) {
            throw new InvalidStatementException("payload and payloadType are strings; signatures a non-empty array");
        }
        byte[] payload = base64(root.get("payload").textValue(), "payload");
        List<Signature> signatures = new ArrayList<>();
        for (JsonNode s : root.get("signatures")) {
            if (!s.isObject() || !names(s).equals(SIGNATURE_MEMBERS) || !s.get("keyid").isTextual()
                    || !s.get("sig").isTextual()) {
                throw new InvalidStatementException("a signature has exactly the string members keyid and sig");
            }
            signatures.add(new Signature(s.get("keyid").textValue(), base64(s.get("sig").textValue(), "sig")));
        }
        return new DsseEnvelope(root.get("payloadType").textValue(), payload, signatures);
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static byte[] base64(String text, String what) throws InvalidStatementException {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
                throw new InvalidStatementException(what + " is not canonical base64");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new InvalidStatementException(what + " is not base64", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DsseEnvelope e && e.encode().equals(encode());
    }

    @Override
    public int hashCode() {
        return encode().hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }
}
