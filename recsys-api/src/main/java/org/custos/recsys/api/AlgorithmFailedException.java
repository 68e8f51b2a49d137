package org.custos.recsys.api;

/** The algorithm answered that a request failed inside it (it threw); the connection stays usable. */
public final class AlgorithmFailedException extends RuntimeException {

    private final int code;

    public AlgorithmFailedException(int code) {
        super("the algorithm reported failure " + code);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
