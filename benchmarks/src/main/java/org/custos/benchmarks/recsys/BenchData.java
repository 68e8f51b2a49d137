package org.custos.benchmarks.recsys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.eval.KuaiRandCatalog;
import org.custos.recsys.eval.KuaiRandLog;

/**
 * The KuaiRand-Pure visible log and its catalogue, read from {@code -Dkuairand.dir} (default
 * {@code ../shared/data/kuairand-pure}, relative to the repository root).
 */
final class BenchData {

    static final String LOG = "log_standard_pure_20220425_20220504.csv";

    final KuaiRandCatalog catalog;
    final List<InteractionEvent> events;

    private BenchData(KuaiRandCatalog catalog, List<InteractionEvent> events) {
        this.catalog = catalog;
        this.events = events;
    }

    static BenchData load() throws IOException {
        Path dir = Path.of(System.getProperty("kuairand.dir", "../shared/data/kuairand-pure"));
        if (!Files.isRegularFile(dir.resolve(LOG))) {
            throw new IOException("KuaiRand-Pure log not found at " + dir.resolve(LOG).toAbsolutePath()
                    + "; pass -Dkuairand.dir=FOLDER");
        }
        List<InteractionEvent> events = KuaiRandLog.read(List.of(dir.resolve(LOG))).stream()
                .map(KuaiRandLog.Row::event).toList();
        return new BenchData(KuaiRandCatalog.load(dir), events);
    }
}
