package org.custos.tlog.tool;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.custos.tlog.merkle.MerkleProofs;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.proof.LogReceipt;
import org.custos.tlog.storage.FileLogStore;
import org.custos.tlog.tiles.TiledTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custos log prove}: prints the tlog-proof receipt of one entry against the current checkpoint. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Print the c2sp.org/tlog-proof receipt of entry N against the log's current checkpoint.")
public final class LogProveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "log directory")
    Path dir;

    @Option(names = "--index", required = true, description = "entry index")
    long index;

    @Override
    public Integer call() throws Exception {
        try (FileLogStore store = new FileLogStore(dir, false)) {
            Optional<byte[]> stored = store.read("checkpoint");
            if (stored.isEmpty()) {
                spec.commandLine().getErr().println("no checkpoint in " + dir);
                return 2;
            }
            SignedNote note = SignedNote.parse(stored.get());
            long size = Checkpoint.of(note).size();
            if (index < 0 || index >= size) {
                spec.commandLine().getErr().println("entry " + index + " is not covered by the checkpoint of size " + size);
                return 2;
            }
            List<byte[]> proof = MerkleProofs.inclusionProof(new TiledTree(store.tileReader(), size), index, size);
            spec.commandLine().getOut().print(new LogReceipt(index, proof, note, Optional.empty()).encode());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

}
