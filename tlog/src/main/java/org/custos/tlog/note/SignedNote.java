package org.custos.tlog.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then one or more signature lines.
 *
 * <p>Parsing follows golang.org/x/mod/sumdb/note: the text is valid UTF-8 with no control characters other than
 * newline, the signatures start after the last blank line, and at most 100 signatures are accepted.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    private static final int MAX_SIGNATURES = 100;

    public SignedNote {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        signatures = List.copyOf(signatures);
    }

    public static SignedNote parse(byte[] bytes) throws MalformedNoteException {
        String note;
        try {
            note = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedNoteException("note is not valid UTF-8", e);
        }
        return parse(note);
    }

    public static SignedNote parse(String note) throws MalformedNoteException {
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c != '\n' && Character.isISOControl(c)) {
                throw new MalformedNoteException("note contains a control character");
            }
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new MalformedNoteException("note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        String[] lines = note.substring(split + 2, note.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new MalformedNoteException("note has more than " + MAX_SIGNATURES + " signatures");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : lines) {
            signatures.add(NoteSignature.parseLine(line));
        }
        return new SignedNote(text, signatures);
    }

    /** The signatures by keys in {@code keys} that verify; throws if a known key's signature is bad or none verify. */
    public List<VerifierKey> verify(Collection<VerifierKey> keys) throws NoteVerificationException {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<VerifierKey> verified = new ArrayList<>();
        for (NoteSignature signature : signatures) {
            for (VerifierKey key : keys) {
                if (key.name().equals(signature.name()) && key.keyId() == signature.keyId()) {
                    if (!key.verifies(message, signature.signature())) {
                        throw new NoteVerificationException("invalid signature by known key " + key.name());
                    }
                    if (!verified.contains(key)) {
                        verified.add(key);
                    }
                }
            }
        }
        if (verified.isEmpty()) {
            throw new NoteVerificationException("no signature by any of the " + keys.size() + " trusted keys");
        }
        return verified;
    }

    /** A copy with {@code more} signatures appended, skipping any line already present. */
    public SignedNote withSignatures(Collection<NoteSignature> more) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        for (NoteSignature s : more) {
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        return new SignedNote(text, all);
    }

    public String encode() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString();
    }

    public byte[] bytes() {
        return encode().getBytes(StandardCharsets.UTF_8);
    }
}
