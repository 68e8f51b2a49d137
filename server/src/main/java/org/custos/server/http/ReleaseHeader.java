package org.custos.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code Custos-Release} header on every HTTP answer: which code serves it, so a phone, a regulator or a witness
 * can check it against the transparency log. A structured-field dictionary (RFC 8941) of two tokens:
 * {@code server=sha256:<hex>} (this server's measured build, logged as a {@code build} entry at start) and
 * {@code algorithm=sha256:<hex>} (the artifact of the release serving For You, logged as an approved {@code release}
 * entry), or {@code algorithm=popularity} when the custodian's own popularity feed serves. A For You page names what
 * served that very page; every other answer names the release serving at the time.
 */
public final class ReleaseHeader {
    public static final HeaderName NAME = HeaderNames.create("Custos-Release");

    private final String serverDigest;
    private final Supplier<Optional<String>> servingAlgorithm;

    public ReleaseHeader(String serverDigest, Supplier<Optional<String>> servingAlgorithm) {
        this.serverDigest = serverDigest;
        this.servingAlgorithm = servingAlgorithm;
    }

    /** The header's value for an answer served by {@code servedBy} (an artifact digest or {@code popularity}). */
    public String forServedBy(String servedBy) {
        return "server=" + serverDigest + ", algorithm=" + servedBy;
    }

    /** The header's value now. */
    public String current() {
        return forServedBy(servingAlgorithm.get().orElse("popularity"));
    }

    /** Sets the header on every answer before its handler runs (a handler may replace it). */
    public void register(HttpRouting.Builder routing) {
        routing.addFilter((chain, request, response) -> {
            response.header(NAME, current());
            chain.proceed();
        });
    }
}
