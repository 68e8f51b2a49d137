package org.custos.app.accounts;

/** A stored password hash is not a well-formed Argon2id PHC string: the row is corrupt, not the user's input. */
final class MalformedPasswordHashException extends RuntimeException {
    MalformedPasswordHashException(String message) {
        super(message);
    }

    MalformedPasswordHashException(String message, Throwable cause) {
        super(message, cause);
    }
}
