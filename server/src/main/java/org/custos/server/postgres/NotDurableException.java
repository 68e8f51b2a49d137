package org.custos.server.postgres;

/**
 * The database would acknowledge writes it could lose in a crash. Turn the named setting on
 * ({@code ALTER SYSTEM SET <setting> = on} and reload) before starting Custos against it.
 */
public final class NotDurableException extends RuntimeException {

    public NotDurableException(String setting) {
        super("PostgreSQL has " + setting + "=off: acknowledged writes could be lost in a crash; set "
                + setting + "=on on the database (or for the custos role) and start again");
    }
}
