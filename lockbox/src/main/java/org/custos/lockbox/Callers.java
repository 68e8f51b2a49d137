package org.custos.lockbox;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Resolves a request's credentials ({@code Authorization: Bearer <token>}) to its caller. The server adapts the
 * app's authenticator; the lockbox itself never sees passwords or token storage.
 */
@FunctionalInterface
public interface Callers {

    /**
     * The caller proven by {@code request}'s bearer token, or empty when it carries none, or an unknown, revoked
     * or expired one (the lockbox then answers 401). MUST NOT throw for a bad token.
     */
    Optional<Caller> identify(ServerRequest request);
}
