package org.custos.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Prometheus metrics at {@code /metrics} (text exposition format) and a timer around every request,
 * {@code http_server_requests_seconds{method,uri,status}}, where {@code uri} is the matched route pattern
 * (never the raw path, which could carry identifiers) and histogram buckets allow p50/p99 queries.
 */
public final class MetricsRoutes implements Filter {

    private final PrometheusMeterRegistry registry;

    public MetricsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void register(HttpRouting.Builder routing) {
        routing.addFilter(this).get("/metrics", this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(registry.scrape());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            Timer.builder("http.server.requests")
                    .description("HTTP requests served, by route pattern")
                    .tag("method", req.prologue().method().text())
                    .tag("uri", req.matchingPattern().orElse("UNMATCHED"))
                    .tag("status", Integer.toString(res.status().code()))
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
