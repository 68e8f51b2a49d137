package org.custos.app.population;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.custos.app.accounts.ImportedAccounts;
import org.custos.app.videos.BlobStore;
import org.custos.app.videos.ImportedContent;
import org.custos.vault.Vault;

/**
 * Loads an outside population straight into the database (not over HTTP: sign-up's Argon2id would make a
 * 27 000-user import take tens of minutes). Users become accounts with their PROTECTED fields sealed by the vault
 * and no usable password (see {@link ImportedAccounts}); videos are public with a tiny placeholder medium; watch
 * events go through the same batch path as {@code POST /v1/events/watch}. Every record has a stable external id,
 * so running an import again adds only what is missing.
 */
public final class PopulationImport {
    /** Called as work advances; {@code total} is the phase's size when known in advance. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (phase, done, total) -> { };

        void advanced(String phase, long done, long total);
    }

    /** What one run did; the {@code existing} counts were found from an earlier run and left alone. */
    public record Summary(long usersCreated, long usersExisting, long authorsCreated, long authorsExisting,
                          long videosCreated, long videosExisting, long eventsAdded, long eventsExisting,
                          long rowsSkipped, long millis) {
    }

    private final ImportedAccounts accounts;
    private final ImportedContent content;
    private final Clock clock;

    private PopulationImport(ImportedAccounts accounts, ImportedContent content, Clock clock) {
        this.accounts = accounts;
        this.content = content;
        this.clock = clock;
    }

    /** Requires the {@code vault} and {@code app} migrations on {@code dataSource}. */
    public static PopulationImport create(DataSource dataSource, Vault vault, BlobStore blobs, Clock clock,
                                          SecureRandom random) {
        return new PopulationImport(ImportedAccounts.create(dataSource, vault, random),
                ImportedContent.create(dataSource, vault, blobs), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * An import into a running app: what it adds reaches the owner's algorithm at once, as uploads and watches do
     * (an import into a stopped instance's database is learnt at the next start instead).
     */
    public static PopulationImport into(org.custos.app.App app, DataSource dataSource, Vault vault, Clock clock,
                                        SecureRandom random) {
        return new PopulationImport(ImportedAccounts.create(dataSource, vault, random), app.importer(),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Imports the KuaiRand-Pure files in {@code directory}: the first {@code limitUsers} users of
     * {@code user_features_pure.csv} (by id), the videos they watched in the {@code log_standard_pure_*.csv} logs
     * with their authors, and those users' watch events.
     *
     * @throws KuaiRandFormatException if a file is missing or a row does not parse; every file is read before
     *                                 anything is written, so nothing is written then
     */
    public Summary importKuaiRand(Path directory, int limitUsers, Progress progress) throws IOException {
        if (limitUsers < 1) {
            throw new IllegalArgumentException("the user limit must be at least 1");
        }
        return new KuaiRandImport(accounts, content, clock, Objects.requireNonNull(progress, "progress"))
                .run(KuaiRandFiles.open(directory, limitUsers));
    }
}
