package org.custos.release;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Resolves a request's credentials ({@code Authorization: Bearer <token>}) to its caller. The server adapts the
 * app's authenticator (OWNER_ENGINEER to {@link ReleaseRole#SUBMITTER}, CUSTODIAN_APPROVER to
 * {@link ReleaseRole#REVIEWER}, CUSTODIAN_ADMIN to {@link ReleaseRole#ADMIN}, and every operator role, REGULATOR
 * included, to {@link ReleaseRole#READER}); the gate never sees passwords or token storage.
 */
@FunctionalInterface
public interface Callers {

    /**
     * The caller proven by {@code request}'s bearer token, or empty when it carries none, or an unknown, revoked or
     * expired one (the gate then answers 401). MUST NOT throw for a bad token.
     */
    Optional<Caller> identify(ServerRequest request);
}
