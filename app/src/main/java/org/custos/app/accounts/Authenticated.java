package org.custos.app.accounts;

import java.time.Instant;
import org.custos.vault.Principal;

/**
 * Who sent a request, as proven by its bearer token: a user of the app or an operator. Switch on it exhaustively
 * where the two must be treated apart.
 */
public sealed interface Authenticated permits AuthenticatedUser, AuthenticatedOperator {

    /** The principal the vault and the audit trail know this caller as. */
    Principal principal();

    /** When the token that proved this identity stops being accepted. */
    Instant expiresAt();
}
