package org.custos.tlog.proof;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.custos.tlog.merkle.MerkleHashing;
import org.custos.tlog.merkle.ProofException;
import org.custos.tlog.merkle.ProofVerifier;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.NoteVerificationException;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.note.VerifierKey;

/**
 * A C2SP tlog-proof: an offline receipt that an entry is in the log, checked against a (cosigned) checkpoint.
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * [extra &lt;base64&gt;]
 * index &lt;decimal&gt;
 * &lt;base64 inclusion proof hash&gt;...
 *
 * &lt;signed checkpoint&gt;
 * </pre>
 */
public record LogReceipt(long index, List<byte[]> proof, SignedNote checkpoint, Optional<byte[]> extra) {

    private static final String HEADER = "c2sp.org/tlog-proof@v1";

    public LogReceipt {
        proof = proof.stream().map(byte[]::clone).toList();
        extra = extra.map(byte[]::clone);
    }

    public String encode() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        extra.ifPresent(e -> out.append("extra ").append(Base64.getEncoder().encodeToString(e)).append('\n'));
        out.append("index ").append(index).append('\n');
        proof.forEach(h -> out.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        return out.append('\n').append(checkpoint.encode()).toString();
    }

    public static LogReceipt parse(byte[] bytes) throws MalformedNoteException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int split = text.indexOf("\n\n");
        if (split < 0) {
            throw new MalformedNoteException("receipt has no blank line before its checkpoint");
        }
        String[] lines = text.substring(0, split).split("\n", -1);
        if (!lines[0].equals(HEADER)) {
            throw new MalformedNoteException("receipt does not start with " + HEADER);
        }
        int at = 1;
        Optional<byte[]> extra = Optional.empty();
        try {
            if (at < lines.length && lines[at].startsWith("extra ")) {
                extra = Optional.of(Base64.getDecoder().decode(lines[at++].substring(6)));
            }
            if (at >= lines.length || !lines[at].matches("index (0|[1-9][0-9]{0,18})")) {
                throw new MalformedNoteException("receipt has no valid index line");
            }
            long index = Long.parseLong(lines[at++].substring(6));
            List<byte[]> proof = new ArrayList<>();
            for (; at < lines.length; at++) {
                byte[] hash = Base64.getDecoder().decode(lines[at]);
                if (hash.length != MerkleHashing.HASH_SIZE) {
                    throw new MalformedNoteException("receipt proof line is not a 32-byte hash");
                }
                proof.add(hash);
            }
            if (proof.size() > 63) {
                throw new MalformedNoteException("receipt proof is longer than 63 hashes");
            }
            return new LogReceipt(index, proof, SignedNote.parse(text.substring(split + 2)), extra);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("receipt has a malformed line", e);
        }
    }

    /**
     * Checks the receipt for {@code entry}: the checkpoint is signed by {@code logKey}, cosigned by every key in
     * {@code witnesses}, and the inclusion proof leads from the entry to its root.
     */
    public Checkpoint verify(byte[] entry, VerifierKey logKey, Collection<VerifierKey> witnesses)
            throws MalformedNoteException, NoteVerificationException, ProofException {
        List<VerifierKey> keys = new ArrayList<>(witnesses);
        keys.add(logKey);
        List<VerifierKey> verified = checkpoint.verify(keys);
        for (VerifierKey required : keys) {
            if (!verified.contains(required)) {
                throw new NoteVerificationException("checkpoint lacks a valid signature by " + required.name());
            }
        }
        Checkpoint body = Checkpoint.of(checkpoint);
        if (!body.origin().equals(logKey.name())) {
            throw new NoteVerificationException("checkpoint origin " + body.origin() + " is not the log " + logKey.name());
        }
        ProofVerifier.verifyInclusion(index, body.size(), MerkleHashing.leafHash(entry), proof, body.rootHash());
        return body;
    }
}
