package org.custos.server.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.custos.server.CustosServer;
import org.custos.vault.AuditEvent;
import org.custos.vault.Principal;
import org.custos.vault.Vault;

/**
 * The process {@link AuditCrashIT} kills: a server whose relay polls only every 5 s, fed concurrently through
 * {@code Vault.record} (which wakes the relay), then, once the relay is idle, a burst recorded in callers'
 * transactions (which does not): at the moment "BURST" is printed the outbox holds events the log does not.
 */
public final class AuditCrashChild {

    private AuditCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        CustosServer server = CustosServer.start(AuditServers.config(dataDir, Duration.ofSeconds(1))
                .withAuditLog(AuditServers.config(dataDir, Duration.ofSeconds(1)).auditLog()
                        .withPollInterval(Duration.ofSeconds(5))), Clock.systemUTC());
        Vault vault = server.boundary().vault();
        System.out.println("READY");
        System.out.flush();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        vault.record(event("w" + writer + "-" + i));
                    }
                    return null;
                });
            }
        }
        Thread.sleep(500);
        for (int i = 0; i < 60; i++) {
            try (Connection c = server.boundary().dataSource().getConnection()) {
                c.setAutoCommit(false);
                vault.record(c, event("burst-" + i));
                c.commit();
            }
        }
        System.out.println("BURST " + vault.outbox().latestPosition());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5));
    }

    private static AuditEvent event(String version) {
        return new AuditEvent.PolicyChange("egress", version, "sha256:" + version, false,
                Principal.operator("operator-1"), Instant.now());
    }
}
