package org.custos.lockbox;

import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.custos.vault.Migrations;
import org.custos.vault.Vault;

/**
 * The custodian's lockbox: owner engineers ask for time-boxed access to one user's protected data, with a purpose
 * and a justification; custodian approvers approve (the configured number of distinct approvers, never the
 * requester) or deny; a grant can be revoked at any time and ends by itself; every step is an audit event committed
 * with the change it describes, and every read under a grant is a logged vault read naming the grant. Nothing is
 * readable without a valid grant. docs/lockbox.md describes the API and the rules.
 *
 * <p>Wiring: {@link #create} after the {@code vault} migrations (it applies its own, {@code db/lockbox}),
 * {@link #register} on the server's routing, {@link #start} for the background tasks (notice delivery, expiry),
 * {@link #close} before the vault and the data source.
 */
public final class Lockbox implements AutoCloseable {
    private static final int BATCH = 100;

    private final LockboxStore store;
    private final LockboxSettings settings;
    private final Notices notices;
    private final LockboxRoutes routes;
    private final BackgroundTask relay;
    private final BackgroundTask sweeper;

    private Lockbox(DataSource dataSource, Vault vault, Clock clock, LockboxSettings settings, Callers callers,
                    SubjectData subjects) {
        this.settings = settings;
        this.notices = new Notices(dataSource, clock, settings);
        this.store = new LockboxStore(dataSource, vault, clock, notices);
        this.routes = new LockboxRoutes(store, new GrantedReads(store, subjects, clock), callers, subjects, settings);
        this.relay = new BackgroundTask("lockbox-notices", settings.pollInterval(), this::deliverNotices);
        this.sweeper = new BackgroundTask("lockbox-expiry", settings.pollInterval(), this::expireGrants);
    }

    /** Applies the lockbox's migrations and builds it; nothing runs in the background until {@link #start}. */
    public static Lockbox create(DataSource dataSource, Vault vault, Clock clock, LockboxSettings settings,
                                 Callers callers, SubjectData subjects) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(callers, "callers");
        Objects.requireNonNull(subjects, "subjects");
        Migrations.apply(dataSource, "lockbox");
        return new Lockbox(dataSource, vault, clock, settings, callers, subjects);
    }

    /** Mounts the {@code /v1/lockbox/...} routes and the handler that answers lockbox failures as problems. */
    public void register(HttpRouting.Builder routing) {
        routing.error(LockboxProblem.class, ProblemResponder::problem);
        routes.register(routing);
    }

    /** Starts notice delivery and the expiry sweeper, each on its own virtual thread. */
    public void start() {
        relay.start();
        sweeper.start();
    }

    /**
     * Sends the notices that are due now; the background relay calls it every poll interval.
     *
     * @return how many the receiver acknowledged
     */
    public int deliverNotices() {
        return notices.deliverDue(BATCH);
    }

    /**
     * Expires the grants whose time box is over and the pending requests left undecided for
     * {@link LockboxSettings#pendingMaxAge}, each with an EXPIRED step; the background sweeper calls it every
     * poll interval. Reads check the time box themselves, so a late sweep never lets a read through.
     *
     * @return how many expired (grants and undecided requests)
     */
    public int expireGrants() {
        return store.expireDue(BATCH) + store.expireUndecided(settings.pendingMaxAge(), BATCH);
    }

    /** Notices not yet acknowledged by the webhook. */
    public long pendingNotices() {
        return notices.backlog();
    }

    /** Empty when both background tasks run and their last step succeeded; else why not. */
    public Optional<String> health() {
        return relay.health().or(sweeper::health);
    }

    @Override
    public void close() {
        try {
            relay.close();
        } finally {
            sweeper.close();
        }
    }
}
