package org.custos.app.accounts;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;

/**
 * Turns the {@code Authorization: Bearer <token>} header of a request into the {@link Authenticated} principal it
 * proves, for every feature of the app that needs to know who is calling. Unknown, revoked and expired tokens are
 * answered alike (401 {@code unauthenticated}); a principal of the wrong kind or without the role gets 403
 * {@code forbidden}. Thread-safe.
 */
public final class Authenticator {
    private final SessionStore sessions;
    private final Clock clock;

    Authenticator(SessionStore sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The caller of {@code request}; throws a 401 problem if the request carries no live token. */
    public Authenticated authenticate(ServerRequest request) {
        return caller(request).orElseThrow(Authenticator::unauthenticated);
    }

    /**
     * The caller of {@code request}, for other modules' own endpoints (the lockbox); empty when the request carries
     * no live token.
     */
    public Optional<Authenticated> caller(ServerRequest request) {
        return token(request).flatMap(token -> sessions.find(token, clock.instant()));
    }

    /** The calling user; 401 without a live token, 403 when the caller is an operator. */
    public AuthenticatedUser requireUser(ServerRequest request) {
        return switch (authenticate(request)) {
            case AuthenticatedUser user -> user;
            case AuthenticatedOperator _ ->
                    throw ProblemException.of(ProblemType.FORBIDDEN, "This endpoint is for users of the app.");
        };
    }

    /** The calling operator, whatever their roles; 401 without a live token, 403 when the caller is a user. */
    public AuthenticatedOperator requireOperator(ServerRequest request) {
        return switch (authenticate(request)) {
            case AuthenticatedOperator operator -> operator;
            case AuthenticatedUser _ ->
                    throw ProblemException.of(ProblemType.FORBIDDEN, "This endpoint is for operators.");
        };
    }

    /** The calling operator, who must hold at least one of the roles given; 401 or 403 otherwise. */
    public AuthenticatedOperator requireOperator(ServerRequest request, Role first, Role... more) {
        Set<Role> wanted = EnumSet.of(first, more);
        return switch (authenticate(request)) {
            case AuthenticatedOperator operator when operator.hasAnyOf(wanted) -> operator;
            case AuthenticatedOperator _ ->
                    throw ProblemException.of(ProblemType.FORBIDDEN, "This needs one of the roles " + wanted + ".");
            case AuthenticatedUser _ ->
                    throw ProblemException.of(ProblemType.FORBIDDEN, "This endpoint is for operators.");
        };
    }

    /**
     * The principal an {@code Authorization} header value ({@code Bearer <token>}) proves, for other modules' own
     * endpoints (the egress gateway); empty for a malformed, unknown, revoked or expired token.
     */
    public Optional<Authenticated> fromAuthorization(String authorizationHeader) {
        return BearerToken.fromAuthorization(authorizationHeader).flatMap(token -> sessions.find(token, clock.instant()));
    }

    static Optional<BearerToken> token(ServerRequest request) {
        return request.headers().first(HeaderNames.AUTHORIZATION).flatMap(BearerToken::fromAuthorization);
    }

    static ProblemException unauthenticated() {
        return ProblemException.of(ProblemType.UNAUTHENTICATED,
                "Send a live token as 'Authorization: Bearer <token>'; log in to get one.");
    }
}
