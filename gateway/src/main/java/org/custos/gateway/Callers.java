package org.custos.gateway;

import java.util.Optional;

/**
 * Who a request's credentials prove. The gateway knows no accounts of its own: the server adapts the app's
 * operator sessions to this interface.
 */
@FunctionalInterface
public interface Callers {

    /**
     * The operator behind an {@code Authorization} header value ({@code Bearer <token>}). Empty when the header
     * proves no live operator session (unknown, expired or revoked token, or a user's token). MUST NOT throw for
     * malformed input.
     */
    Optional<Caller> identify(String authorizationHeader);
}
