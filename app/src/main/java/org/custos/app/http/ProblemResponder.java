package org.custos.app.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custos.vault.AuditUnavailableException;
import org.custos.vault.DataClassDeclarationException;
import org.custos.vault.KeyServiceException;
import org.custos.vault.SubjectShreddedException;
import org.custos.vault.TamperedCiphertextException;
import org.custos.vault.UnclassifiedColumnException;
import org.custos.vault.VaultException;

/**
 * The one place where exceptions become HTTP answers: RFC 9457 {@code application/problem+json} documents with a
 * stable {@code type}. Unexpected failures are logged by exception class and a correlation number only, since
 * driver and library messages can quote request values; the client gets the same number and nothing else.
 */
public final class ProblemResponder {
    private static final Logger LOG = System.getLogger(ProblemResponder.class.getName());
    private static final Duration RETRY_DEPENDENCY = Duration.ofSeconds(5);

    private ProblemResponder() {
    }

    /** Registers the error handlers on {@code routing}. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ProblemException.class, ProblemResponder::problem);
        routing.error(HttpException.class, ProblemResponder::http);
        routing.error(VaultException.class, ProblemResponder::vault);
        routing.error(RuntimeException.class, ProblemResponder::unexpected);
    }

    static void problem(ServerRequest request, ServerResponse response, ProblemException e) {
        e.retryAfter().ifPresent(wait -> response.header(HeaderNames.RETRY_AFTER,
                Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))));
        if (e.type() == ProblemType.UNAUTHENTICATED || e.type() == ProblemType.INVALID_CREDENTIALS) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        send(response, e.type(), e.detail(), e.errors());
    }

    private static void vault(ServerRequest request, ServerResponse response, VaultException e) {
        switch (e) {
            case SubjectShreddedException _ ->
                    send(response, ProblemType.GONE, "This account's personal data was erased.", List.of());
            case AuditUnavailableException _ -> {
                LOG.log(Level.WARNING, () -> "audit path unavailable: " + chain(e));
                problem(request, response, ProblemException.pushback(ProblemType.UNAVAILABLE,
                        "Protected data cannot be read right now; retry shortly.", RETRY_DEPENDENCY));
            }
            case KeyServiceException _ -> {
                LOG.log(Level.ERROR, () -> "key service unavailable: " + chain(e));
                problem(request, response, ProblemException.pushback(ProblemType.UNAVAILABLE,
                        "The key service is unavailable; retry shortly.", RETRY_DEPENDENCY));
            }
            case TamperedCiphertextException _ -> unexpected(request, response, e);
            case DataClassDeclarationException _ -> unexpected(request, response, e);
            case UnclassifiedColumnException _ -> unexpected(request, response, e);
        }
    }

    private static void http(ServerRequest request, ServerResponse response, HttpException e) {
        int status = e.status().code();
        ProblemType type = ProblemType.forStatus(status);
        if (type == ProblemType.INTERNAL) {
            unexpected(request, response, e);
            return;
        }
        send(response, type, type.title() + ".", List.of());
    }

    private static void unexpected(ServerRequest request, ServerResponse response, RuntimeException e) {
        String incident = Long.toHexString(System.nanoTime());
        LOG.log(Level.ERROR, () -> "incident " + incident + ": " + chain(e));
        send(response, ProblemType.INTERNAL, "Internal error; incident " + incident + ".", List.of());
    }

    // Class names, SQL states and stack frames only: messages may hold values from the request or the database.
    private static String chain(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            out.append(t == e ? "" : " <- caused by ").append(t.getClass().getName());
            if (t instanceof java.sql.SQLException sql) {
                // A five-character class of error (e.g. 40P01, a deadlock), never a value.
                out.append(" (SQLState ").append(sql.getSQLState()).append(')');
            }
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 8); i++) {
                out.append("\n\tat ").append(frames[i]);
            }
        }
        return out.toString();
    }

    private static void send(ServerResponse response, ProblemType type, String detail, List<FieldError> errors) {
        if (response.isSent()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        Json.send(response, Status.create(type.status()), "application/problem+json", body);
    }
}
