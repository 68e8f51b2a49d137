package org.custos.server.http;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The process's one meter registry, with the JVM and system binders every dashboard expects. */
public final class ServerMetrics {

    private ServerMetrics() {}

    /**
     * A Prometheus registry with JVM memory, GC, threads, class loading, CPU and uptime. The GC binder
     * holds listeners, so the caller closes the returned holder's {@code gc} when the server stops.
     */
    public static Registry create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return new Registry(registry, gc);
    }

    /** The registry and the binder that must be closed with it. */
    public record Registry(PrometheusMeterRegistry prometheus, JvmGcMetrics gc) implements AutoCloseable {
        @Override
        public void close() {
            gc.close();
            prometheus.close();
        }
    }
}
