package org.custos.app.accounts;

/** An operator with this name already exists; choose another name. */
public final class DuplicateOperatorException extends RuntimeException {
    private final String name;

    DuplicateOperatorException(String name, Throwable cause) {
        super("an operator named '" + name + "' already exists", cause);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
