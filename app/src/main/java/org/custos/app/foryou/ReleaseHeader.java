package org.custos.app.foryou;

/**
 * The value of the {@code Custos-Release} header of a For You page, given what served it: an algorithm's artifact
 * digest, or {@code popularity} for the app's own feed. The server supplies it (it knows its own measured build);
 * every other answer gets the header from the server's filter.
 */
@FunctionalInterface
public interface ReleaseHeader {

    /** Names only what served the page. */
    ReleaseHeader NONE = servedBy -> "algorithm=" + servedBy;

    String value(String servedBy);
}
