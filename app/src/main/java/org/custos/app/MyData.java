package org.custos.app;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.custos.app.accounts.Accounts;
import org.custos.app.accounts.AuthenticatedUser;
import org.custos.app.http.Json;
import org.custos.app.http.JsonBody;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;
import org.custos.app.videos.Videos;

/**
 * The user's rights over their data, across features: {@code GET /v1/me/export} (everything, decrypted) and
 * {@code DELETE /v1/me} (erasure: content removed with counters kept consistent, then the data key shredded and the
 * account deleted).
 */
final class MyData {
    private final Accounts accounts;
    private final Videos videos;
    private final int maxBodyBytes;

    MyData(Accounts accounts, Videos videos, int maxBodyBytes) {
        this.accounts = accounts;
        this.videos = videos;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(HttpRules rules) {
        rules.get("/v1/me/export", this::export)
                .delete("/v1/me", this::erase);
    }

    private void export(ServerRequest request, ServerResponse response) {
        AuthenticatedUser user = accounts.authenticator().requireUser(request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", accounts.export(user));
        out.putAll(videos.export(user.subject().value()));
        response.header("Content-Disposition", "attachment; filename=\"custos-export.json\"");
        Json.send(response, Status.OK_200, out);
    }

    private void erase(ServerRequest request, ServerResponse response) {
        AuthenticatedUser user = accounts.authenticator().requireUser(request);
        JsonBody body = JsonBody.read(request, maxBodyBytes);
        Optional<String> password = body.requiredString("password");
        body.finish();
        // A stolen token alone must not be enough to erase an account.
        if (!accounts.passwordMatches(user, password.orElseThrow())) {
            throw ProblemException.of(ProblemType.INVALID_CREDENTIALS, "The password is wrong.");
        }
        videos.erase(user.subject().value());
        accounts.erase(user);
        response.status(Status.NO_CONTENT_204).send();
    }
}
