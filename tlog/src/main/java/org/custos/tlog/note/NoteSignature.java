package org.custos.tlog.note;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/** One signature line of a signed note: {@code — <name> base64(key ID || signature)}. */
public record NoteSignature(String name, int keyId, byte[] signature) {

    public NoteSignature {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The line, including the leading em dash and the trailing newline. */
    public String line() {
        byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    static NoteSignature parseLine(String line) throws MalformedNoteException {
        if (!line.startsWith("\u2014 ")) {
            throw new MalformedNoteException("signature line does not start with an em dash and a space");
        }
        String rest = line.substring(2);
        int space = rest.lastIndexOf(' ');
        if (space <= 0) {
            throw new MalformedNoteException("signature line has no key name");
        }
        String name = rest.substring(0, space);
        KeyNames.check(name);
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("signature is not base64", e);
        }
        if (blob.length < 5) {
            throw new MalformedNoteException("signature is shorter than a key ID plus one byte");
        }
        return new NoteSignature(name, ByteBuffer.wrap(blob).getInt(), Arrays.copyOfRange(blob, 4, blob.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s && s.line().equals(line());
    }

    @Override
    public int hashCode() {
        return line().hashCode();
    }

    @Override
    public String toString() {
        return line().strip();
    }
}
