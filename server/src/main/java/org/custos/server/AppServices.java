package org.custos.server;

import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.Optional;
import org.custos.app.App;
import org.custos.app.AppSettings;
import org.custos.app.accounts.OperatorCredentials;

/**
 * The application as the server runs it: its routes, and the first custodian operator, created on the
 * first start against an empty database and handed back once so that {@code up} can print it.
 */
final class AppServices implements AutoCloseable {

    private final App app;
    private final Optional<OperatorCredentials> firstOperator;

    private AppServices(App app, Optional<OperatorCredentials> firstOperator) {
        this.app = app;
        this.firstOperator = firstOperator;
    }

    static AppServices create(Boundary boundary, ServerConfig config, Clock clock) {
        AppSettings settings = config.app()
                .withMedia(config.resolve(config.app().blobDirectory()), config.app().maxMediaBytes());
        App app = App.create(boundary.dataSource(), boundary.vault(), clock, settings);
        try {
            return new AppServices(app, app.operators().bootstrapFirstCustodian());
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    void register(HttpRouting.Builder routing) {
        app.register(routing);
    }

    App app() {
        return app;
    }

    Optional<OperatorCredentials> firstOperator() {
        return firstOperator;
    }

    @Override
    public void close() {
        app.close();
    }
}
