package org.custos.app;

import io.helidon.webserver.http.HttpRouting;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.custos.app.accounts.Accounts;
import org.custos.app.accounts.Authenticator;
import org.custos.app.accounts.Operators;
import org.custos.app.foryou.FactFeed;
import org.custos.app.foryou.RankingPort;
import org.custos.app.foryou.ReleaseHeader;
import org.custos.app.http.ProblemResponder;
import org.custos.app.videos.LocalDirectoryBlobStore;
import org.custos.app.videos.VideoSettings;
import org.custos.app.videos.Videos;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * The app service, for the server to wire in: {@link #register} mounts every app route under {@code /v1} and the
 * one error handler that answers with RFC 9457 problem documents (docs/api.md lists the routes and problem types).
 *
 * <p>Before {@link #create}, the caller MUST have applied the {@code vault} and then the {@code app} migrations
 * ({@code Migrations.apply(ds, "vault")}, {@code Migrations.apply(ds, "app")}) and passed the data-class check.
 * Close the app (before the vault and the data source) to stop its password-hashing threads.
 */
public final class App implements AutoCloseable {
    private final Accounts accounts;
    private final Videos videos;
    private final MyData myData;

    private App(Accounts accounts, Videos videos, int maxBodyBytes) {
        this.accounts = accounts;
        this.videos = videos;
        this.myData = new MyData(accounts, videos, maxBodyBytes);
    }

    /** An app drawing randomness (salts, tokens, operator passwords) from a new {@link SecureRandom}. */
    public static App create(DataSource dataSource, Vault vault, Clock clock, AppSettings settings) {
        return create(dataSource, vault, clock, settings, new SecureRandom());
    }

    /** An app with injected randomness; production callers pass a {@link SecureRandom} of the platform. */
    public static App create(DataSource dataSource, Vault vault, Clock clock, AppSettings settings,
                             SecureRandom random) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Accounts accounts = Accounts.create(dataSource, vault, clock, random, settings.accounts());
        VideoSettings videoSettings = settings.videos();
        Videos videos = Videos.create(dataSource, vault, accounts.authenticator(), clock, random, videoSettings,
                new LocalDirectoryBlobStore(videoSettings.blobDirectory()));
        return new App(accounts, videos, settings.maxBodyBytes());
    }

    /** Mounts every app route and the problem-details error handler on {@code routing}. */
    public void register(HttpRouting.Builder routing) {
        ProblemResponder.register(routing);
        accounts.register(routing);
        videos.register(routing);
        myData.register(routing);
    }

    /**
     * One user's data limited to {@code scopes}, for a reader other than the user (an operator under an access
     * grant): the public fields, plus {@code profile}, {@code contact} and {@code watchHistory} when their scope is
     * asked for. Every PROTECTED value is opened in {@code context}, so each is a logged vault read naming the
     * context's principal, purpose and grant. Empty when there is no such user.
     *
     * @throws org.custos.vault.SubjectShreddedException if the user's data was erased
     * @throws org.custos.vault.AuditUnavailableException if a read could not be audited (nothing is returned)
     */
    public Optional<Map<String, Object>> userData(AccessContext context, SubjectId subject, Set<DataScope> scopes) {
        Set<Column> columns = new HashSet<>();
        scopes.forEach(scope -> columns.addAll(scope.columns()));
        Optional<Map<String, Object>> account = accounts.read(context, subject, columns);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>(account.get());
        if (scopes.contains(DataScope.WATCH_HISTORY)) {
            out.put("watchHistory", videos.watchHistory(context, subject.value()));
        }
        return Optional.of(out);
    }

    /** The user with this handle (case-insensitive), if any. */
    public Optional<SubjectId> userByHandle(String handle) {
        return accounts.byHandle(handle);
    }

    /**
     * The facts the owner's algorithm learns from (every one in its release's pseudonyms, counted as a service read),
     * for the server's engine supervisor.
     */
    public FactFeed algorithmFacts() {
        return videos.facts();
    }

    /**
     * Where the For You feed asks the owner's algorithm from now on, and how its pages name what served them;
     * until then (and whenever the port answers empty) the app's popularity feed serves.
     */
    public void attachAlgorithm(RankingPort port, ReleaseHeader header) {
        videos.attach(port, header);
    }

    /** Bulk imports into this running app; what they add reaches the owner's algorithm at once. */
    public org.custos.app.videos.ImportedContent importer() {
        return videos.importer();
    }

    /** Operator principals: the first custodian at first start, and the CLI's {@code operator create}. */
    public Operators operators() {
        return accounts.operators();
    }

    /** Bearer token to principal, for the server's own endpoints and later features. */
    public Authenticator authenticator() {
        return accounts.authenticator();
    }

    @Override
    public void close() {
        accounts.close();
    }
}
