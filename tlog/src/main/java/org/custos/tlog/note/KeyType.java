package org.custos.tlog.note;

/** The signature types of C2SP signed-note keys that this log produces and checks. */
public enum KeyType {
    /** A plain Ed25519 note signature (signed-note, type 0x01). */
    ED25519((byte) 0x01),
    /** A timestamped Ed25519 cosignature over a checkpoint (tlog-cosignature, type 0x04). */
    COSIGNATURE_V1((byte) 0x04);

    private final byte code;

    KeyType(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    static KeyType of(byte code) throws MalformedNoteException {
        for (KeyType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new MalformedNoteException("unknown signature algorithm byte 0x%02x".formatted(code));
    }
}
