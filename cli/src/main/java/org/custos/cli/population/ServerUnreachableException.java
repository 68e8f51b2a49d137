package org.custos.cli.population;

import java.net.URI;

/** Nothing answered at the URL given to {@code custos simulate}; names the URL so the fix is obvious. */
final class ServerUnreachableException extends RuntimeException {
    ServerUnreachableException(URI url, Exception cause) {
        super("cannot reach a Custos server at " + url + " (" + cause.getClass().getSimpleName()
                + "); is it running? Start one with ./custos up", cause);
    }
}
