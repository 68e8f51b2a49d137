package org.custos.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.custos.vault.Vault;

/**
 * Keyed pseudonyms for what leaves the boundary: {@code px<version>:} and 32 hex digits (128 bits) of the vault's
 * egress PRF ({@link Vault#egressPrf}) keyed by the custodian's key service, per recipient and key version.
 *
 * <p>Properties the flows rely on: the same value gives the same pseudonym to one recipient under one version (so
 * a recipient can count and join within its own outputs); two recipients get unrelated pseudonyms for the same value
 * (they cannot join their outputs); raising the flow's {@code pseudonymKeyVersion} gives every value a new,
 * unrelated pseudonym (rotation); and no one without the key service can compute or reverse them, including
 * whoever holds a copy of the database. Thread-safe.
 */
public final class Pseudonymiser {
    private static final HexFormat HEX = HexFormat.of();

    private final Vault vault;

    public Pseudonymiser(Vault vault) {
        this.vault = vault;
    }

    /** The pseudonym of the value of {@code field} for {@code recipient} under key {@code version}. */
    public String value(String recipient, int version, String field, String value) {
        byte[] name = field.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return format(version, vault.egressPrf(recipient, version, ByteBuffer.allocate(1 + name.length + 1
                + bytes.length).put((byte) 'f').put(name).put((byte) 0).put(bytes).array()));
    }

    /**
     * A keyed commitment to a flow parameter's value for the flow record: {@code hmac:} and 32 hex digits of the same
     * PRF with a distinct input tag ({@code 'q'}, pseudonyms use {@code 'f'}), so it never equals a pseudonym the
     * recipient received. The public cannot recompute it (the key stays in the key service); the custodian can, to
     * show a regulator which value a call used.
     */
    String commitment(String recipient, String parameter, String value) {
        byte[] name = parameter.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return "hmac:" + HEX.formatHex(vault.egressPrf(recipient, 1, ByteBuffer.allocate(1 + name.length + 1
                + bytes.length).put((byte) 'q').put(name).put((byte) 0).put(bytes).array()), 0, 16);
    }

    private static String format(int version, byte[] mac) {
        return "px" + version + ":" + HEX.formatHex(mac, 0, 16);
    }
}
