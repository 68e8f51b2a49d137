package org.custos.server;

import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.Optional;
import org.custos.app.App;
import org.custos.app.accounts.OperatorCredentials;
import org.custos.lockbox.Lockbox;

/**
 * The application as the server runs it: its routes, the lockbox over its users and operators (with its
 * background notice relay and expiry sweeper), and the first custodian operator, created on the first start
 * against an empty database and handed back once so that {@code up} can print it.
 */
final class AppServices implements AutoCloseable {

    private final App app;
    private final Lockbox lockbox;
    private final Optional<OperatorCredentials> firstOperator;

    private AppServices(App app, Lockbox lockbox, Optional<OperatorCredentials> firstOperator) {
        this.app = app;
        this.lockbox = lockbox;
        this.firstOperator = firstOperator;
    }

    static AppServices create(Boundary boundary, ServerConfig config, Clock clock) {
        App app = App.create(boundary.dataSource(), boundary.vault(), clock, config.resolvedApp());
        try {
            Optional<OperatorCredentials> first = app.operators().bootstrapFirstCustodian();
            Lockbox lockbox = LockboxServices.create(boundary, app, config, clock);
            lockbox.start();
            return new AppServices(app, lockbox, first);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    void register(HttpRouting.Builder routing) {
        app.register(routing);
        lockbox.register(routing);
    }

    /** The access approvals, for in-process tools and tests. */
    Lockbox lockbox() {
        return lockbox;
    }

    App app() {
        return app;
    }

    Optional<OperatorCredentials> firstOperator() {
        return firstOperator;
    }

    @Override
    public void close() {
        try {
            lockbox.close();
        } finally {
            app.close();
        }
    }
}
