package org.custos.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.custos.tlog.note.NoteSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading published entries back, across full and partial entry bundles and a reopen. */
class TransparencyLogEntriesIT {

    @TempDir
    Path tmp;

    @Test
    void entries_rangeAcrossBundles_returnsTheAppendedBytesInOrder() throws Exception {
        NoteSigner signer = NoteSigner.generate("example.org/entries", new SecureRandom());
        List<byte[]> appended = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            appended.add(("entry-" + i).getBytes(StandardCharsets.UTF_8));
        }
        try (TransparencyLog log = TransparencyLog.open(LogSettings.defaults(tmp, signer))) {
            log.appendAll(appended);
            log.awaitCheckpoint(599, Duration.ofSeconds(10));
            assertThat(log.entries(250, 300)).zipSatisfy(appended.subList(250, 550),
                    (read, written) -> assertThat(read).isEqualTo(written));
            assertThatThrownBy(() -> log.entries(599, 2)).isInstanceOf(IllegalArgumentException.class);
        }
        try (TransparencyLog reopened = TransparencyLog.open(LogSettings.defaults(tmp, signer))) {
            assertThat(reopened.entries(599, 1).getFirst()).isEqualTo(appended.getLast());
            assertThat(reopened.entries(0, 0)).isEmpty();
        }
    }
}
