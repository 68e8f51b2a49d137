package org.custos.server.audit;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.custos.app.accounts.AuthenticatedUser;
import org.custos.app.accounts.Authenticator;
import org.custos.app.http.FieldError;
import org.custos.app.http.Json;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.note.Checkpoint;
import org.custos.vault.Vault;

/**
 * {@code GET /v1/me/access-log}: every logged access to the signed-in user's own data, newest first, each with the
 * log entry's exact bytes and, once a checkpoint covers it, its {@code tlog-proof} receipt, so that the user can
 * check it against the public log without trusting the custodian (docs/api.md, "Access log").
 */
final class AccessLogRoutes {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** One access as the API shows it; {@code receipt} is null while {@code status} is {@code pending}. */
    record AccessView(long logIndex, long eventId, String time, String kind, String principal, String purpose,
            List<String> columns, String grant, String step, String requestId, long count, String entry,
            String status, String receipt) {}

    record Page(List<AccessView> items, String next) {}

    private final Authenticator authenticator;
    private final Vault vault;
    private final SubjectEntries index;
    private final TransparencyLog log;

    AccessLogRoutes(Authenticator authenticator, Vault vault, SubjectEntries index, TransparencyLog log) {
        this.authenticator = authenticator;
        this.vault = vault;
        this.index = index;
        this.log = log;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/v1/me/access-log", this::list);
    }

    private void list(ServerRequest request, ServerResponse response) {
        AuthenticatedUser user = authenticator.requireUser(request);
        long before = cursor(request);
        int limit = limit(request);
        List<SubjectEntries.Indexed> rows;
        try {
            rows = index.page(vault.pseudonym(user.subject()), before, limit + 1);
        } catch (SQLException e) {
            throw ProblemException.pushback(ProblemType.UNAVAILABLE, "The access log cannot be read right now.",
                    Duration.ofSeconds(5));
        }
        long covered = Checkpoint.ofUnchecked(log.currentCheckpoint()).size();
        List<AccessView> items = new ArrayList<>();
        for (SubjectEntries.Indexed row : rows.subList(0, Math.min(limit, rows.size()))) {
            items.add(view(row, covered));
        }
        String next = rows.size() > limit ? encodeCursor(items.getLast().logIndex()) : null;
        Json.send(response, Status.OK_200, new Page(items, next));
    }

    private AccessView view(SubjectEntries.Indexed row, long covered) {
        AuditEntry entry;
        try {
            entry = LogTail.decode(row.entry());
        } catch (IOException e) {
            throw new IllegalStateException("indexed log entry " + row.logIndex() + " is unreadable", e);
        }
        String bytes = Base64.getEncoder().encodeToString(row.entry());
        String receipt = row.logIndex() < covered
                ? new String(log.receipt(row.logIndex()), StandardCharsets.UTF_8) : null;
        String status = receipt == null ? "pending" : "proven";
        return switch (entry) {
            case AuditEntry.ProtectedRead r -> new AccessView(row.logIndex(), r.eventId(), r.time().toString(),
                    "protected-read", r.principal(), r.purpose(), r.columns(), r.grant(), null, null, r.count(),
                    bytes, status, receipt);
            case AuditEntry.AccessStep s -> new AccessView(row.logIndex(), s.eventId(), s.time().toString(),
                    "access-step", s.actor(), s.purpose(), s.columns(), "",
                    s.step().name().toLowerCase(Locale.ROOT), s.requestId(), 0, bytes, status, receipt);
            default -> throw new IllegalStateException("log entry " + row.logIndex() + " is not an access");
        };
    }

    private static long cursor(ServerRequest request) {
        if (!request.query().contains("cursor")) {
            return Long.MAX_VALUE;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(request.query().get("cursor")),
                    StandardCharsets.US_ASCII);
            if (plain.matches("0|[1-9][0-9]{0,18}")) {
                return Long.parseLong(plain);
            }
        } catch (IllegalArgumentException e) {
            // answered below like any other malformed cursor
        }
        throw ProblemException.invalid(List.of(new FieldError("cursor", "must be a cursor from a previous page")));
    }

    private static String encodeCursor(long logIndex) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(logIndex).getBytes(StandardCharsets.US_ASCII));
    }

    private static int limit(ServerRequest request) {
        if (!request.query().contains("limit")) {
            return DEFAULT_LIMIT;
        }
        String raw = request.query().get("limit");
        if (raw.matches("[1-9][0-9]{0,2}") && Integer.parseInt(raw) <= MAX_LIMIT) {
            return Integer.parseInt(raw);
        }
        throw ProblemException.invalid(List.of(new FieldError("limit", "must be 1 to " + MAX_LIMIT)));
    }
}
