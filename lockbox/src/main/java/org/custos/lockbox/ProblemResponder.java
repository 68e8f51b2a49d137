package org.custos.lockbox;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place where lockbox failures become {@code application/problem+json} answers. */
final class ProblemResponder {
    private ProblemResponder() {
    }

    static void problem(ServerRequest request, ServerResponse response, LockboxProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type().uri());
        body.put("title", problem.type().title());
        body.put("status", problem.type().status());
        body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            body.put("errors", problem.errors());
        }
        if (problem.type() == ProblemType.UNAUTHENTICATED) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (problem.type() == ProblemType.UNAVAILABLE) {
            response.header(HeaderNames.RETRY_AFTER, "5");
        }
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        response.status(Status.create(problem.type().status()));
        response.send(Json.bytes(body));
    }
}
