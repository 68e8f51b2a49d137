package org.custos.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.custos.app.App;
import org.custos.app.accounts.AuthenticatedOperator;
import org.custos.app.accounts.Role;
import org.custos.app.egress.ActivityScan;
import org.custos.app.egress.EgressVideo;
import org.custos.app.egress.PublicContent;
import org.custos.gateway.ActivitySource;
import org.custos.gateway.Caller;
import org.custos.gateway.Callers;
import org.custos.gateway.Gateway;
import org.custos.gateway.GatewaySettings;
import org.custos.gateway.PublicCatalog;
import org.custos.gateway.PublicVideo;
import org.custos.gateway.ModelTelemetry;
import org.custos.gateway.TrainingMetric;
import org.custos.gateway.UserActivity;

/**
 * The egress gateway as the server runs it: the app's operator sessions as its callers, the app's public catalogue
 * and protected activity as its sources. Neither module knows the other; this is the only place they meet.
 *
 * <p>Policies: if the data directory holds {@value #POLICY_DIRECTORY}/, its files are published at start-up when
 * they differ from the set in force; otherwise the bundled set is published on the first start only, and the
 * custodian publishes later versions over HTTP ({@code PUT /v1/egress/policy}).
 */
final class EgressServices {
    /** The custodian's policy directory, relative to the data directory. */
    static final String POLICY_DIRECTORY = "egress-policies";

    private EgressServices() {
    }

    /** Starts the gateway as a start-up step; on failure the application is closed before the error goes on. */
    static Gateway start(ServerConfig config, Clock clock, StartupSteps steps, Boundary boundary, AppServices app,
            java.util.function.Supplier<Optional<org.custos.recsys.api.Telemetry>> engineTelemetry) {
        try {
            return steps.run("start egress gateway", () -> create(config, clock, boundary, app.app(), engineTelemetry));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    static Gateway create(ServerConfig config, Clock clock, Boundary boundary, App app,
            java.util.function.Supplier<Optional<org.custos.recsys.api.Telemetry>> engineTelemetry) {
        Path policies = config.resolve(Path.of(POLICY_DIRECTORY));
        GatewaySettings settings = new GatewaySettings(Files.isDirectory(policies) ? Optional.of(policies)
                : Optional.empty());
        PublicContent content = new PublicContent(boundary.dataSource());
        ActivityScan activity = new ActivityScan(boundary.dataSource(), boundary.vault());
        return Gateway.create(settings, boundary.dataSource(), boundary.vault(),
                new Gateway.Sources(catalog(content), activity(activity), telemetry(engineTelemetry)),
                callers(app), clock);
    }

    /**
     * The recommender's training measurements as model telemetry: each value summarises every event learnt so far,
     * so the flow's minimum group size holds them back until enough events were seen.
     */
    private static ModelTelemetry telemetry(
            java.util.function.Supplier<Optional<org.custos.recsys.api.Telemetry>> engineTelemetry) {
        return () -> engineTelemetry.get().map(t -> List.of(
                new TrainingMetric("train.events", t.eventsLearnt(), t.eventsLearnt()),
                new TrainingMetric("train.progressive-logloss", t.eventsLearnt(), t.progressiveLogLoss()),
                new TrainingMetric("model.embedding-rows", t.eventsLearnt(), t.embeddingRows()),
                new TrainingMetric("model.version", t.eventsLearnt(), t.modelVersion())))
                .orElse(List.of());
    }

    private static Callers callers(App app) {
        return header -> app.authenticator().fromAuthorization(header).flatMap(principal ->
                principal instanceof AuthenticatedOperator operator
                        ? Optional.of(new Caller("operator-" + operator.operatorId(), operator.name(),
                                roles(operator.roles())))
                        : Optional.empty());
    }

    private static Set<Caller.Role> roles(Set<Role> roles) {
        Set<Caller.Role> mapped = EnumSet.noneOf(Caller.Role.class);
        for (Role role : roles) {
            switch (role) {
                case CUSTODIAN_ADMIN -> mapped.add(Caller.Role.CUSTODIAN);
                case OWNER_ENGINEER -> mapped.add(Caller.Role.OWNER);
                case REGULATOR -> mapped.add(Caller.Role.REGULATOR);
                case CUSTODIAN_APPROVER -> { } // approves access requests; no part in egress
            }
        }
        return mapped;
    }

    private static PublicCatalog catalog(PublicContent content) {
        return new PublicCatalog() {
            @Override
            public List<PublicVideo> publicVideosAfter(long afterId, int limit) {
                return content.after(afterId, limit).stream().map(EgressServices::video).toList();
            }

            @Override
            public List<PublicVideo> publicVideos(Collection<Long> ids) {
                return content.byIds(ids).stream().map(EgressServices::video).toList();
            }

            @Override
            public List<String> likerKeys(long videoId, int limit) {
                return content.likerKeys(videoId, limit);
            }
        };
    }

    private static ActivitySource activity(ActivityScan scan) {
        return (from, to, sink) -> scan.scan(from, to,
                days -> sink.accept(new UserActivity(days.birthDate(), days.region(), days.watchMsByDay())));
    }

    private static PublicVideo video(EgressVideo v) {
        return new PublicVideo(v.id(), v.authorHandle(), v.caption(), v.hashtags(), v.durationMs(), v.mediaType(),
                v.createdAt(), v.views(), v.likes(), v.comments(), v.shares());
    }
}
