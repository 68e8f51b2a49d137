package org.custos.tlog.note;

import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-checkpoint body: origin line, decimal tree size, base64 root hash, then optional extension lines.
 *
 * @param origin the log's identity, the first line
 * @param size the number of entries the checkpoint commits to
 * @param rootHash the RFC 6962 root of those entries
 * @param extensions further non-empty lines, kept verbatim
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    public Checkpoint {
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("origin must be one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("root hash must be 32 bytes");
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The note text this checkpoint is signed as. */
    public String body() {
        StringBuilder out = new StringBuilder()
                .append(origin).append('\n')
                .append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    public static Checkpoint parse(String body) throws MalformedNoteException {
        if (!body.endsWith("\n")) {
            throw new MalformedNoteException("checkpoint body must end with a newline");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new MalformedNoteException("checkpoint needs origin, size and root hash lines");
        }
        if (lines[0].isEmpty()) {
            throw new MalformedNoteException("checkpoint origin is empty");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new MalformedNoteException("checkpoint size is not a decimal without leading zeroes");
        }
        long size;
        byte[] root;
        try {
            size = Long.parseLong(lines[1]);
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("checkpoint size or root hash is malformed", e);
        }
        if (root.length != 32) {
            throw new MalformedNoteException("checkpoint root hash is " + root.length + " bytes, want 32");
        }
        List<String> extensions = List.of(lines).subList(3, lines.length);
        if (extensions.stream().anyMatch(String::isEmpty)) {
            throw new MalformedNoteException("checkpoint extension lines must not be empty");
        }
        return new Checkpoint(lines[0], size, root, extensions);
    }

    /** Parses the checkpoint carried by a signed note. */
    public static Checkpoint of(SignedNote note) throws MalformedNoteException {
        return parse(note.text());
    }

    /** Parses a note this process signed or already checked; a malformed one is a programming error. */
    public static Checkpoint ofUnchecked(SignedNote note) {
        try {
            return parse(note.text());
        } catch (MalformedNoteException e) {
            throw new IllegalArgumentException("not a checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.body().equals(body());
    }

    @Override
    public int hashCode() {
        return body().hashCode();
    }

    @Override
    public String toString() {
        return origin + "@" + size;
    }
}
