package org.custos.release;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place where release failures become {@code application/problem+json} answers (RFC 9457). */
final class ProblemResponder {
    private ProblemResponder() {
    }

    static void problem(ServerRequest request, ServerResponse response, ReleaseException problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.problem().uri());
        body.put("title", problem.problem().title());
        body.put("status", problem.problem().status());
        body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            body.put("errors", problem.errors());
        }
        problem.extensions().forEach(body::putIfAbsent);
        if (problem.problem() == ReleaseProblem.UNAUTHENTICATED) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (problem.problem() == ReleaseProblem.UNAVAILABLE) {
            response.header(HeaderNames.RETRY_AFTER, "5");
        }
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        response.status(Status.create(problem.problem().status()));
        response.send(Json.bytes(body));
    }
}
