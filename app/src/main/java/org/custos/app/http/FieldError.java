package org.custos.app.http;

import java.util.Objects;

/**
 * One invalid field of a request: its JSON name and why it was refused. The message describes the rule
 * ("must be 3 to 30 letters, digits or underscores"), never the value that broke it.
 */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
