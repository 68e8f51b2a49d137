package org.custos.app.http;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * For routes that take no body. A body sent to one would be ignored, and a client whose fields are silently dropped
 * believes they did something (the same reason {@link JsonBody} refuses unknown fields), so it is refused instead.
 */
public final class NoBody {

    private NoBody() {
    }

    /**
     * Returns when {@code request} carries no body (none, or zero bytes); otherwise throws a 415 problem when the
     * body is declared as other than JSON (every API body is JSON) and a 400 {@code malformed-request} when not.
     */
    public static void require(ServerRequest request) {
        if (!request.content().hasEntity() || isEmpty(request)) {
            return;
        }
        Optional<HttpMediaType> contentType = request.headers().contentType();
        if (contentType.isPresent() && !contentType.get().test(MediaTypes.APPLICATION_JSON)) {
            throw ProblemException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "This route takes no body; send none.");
        }
        throw ProblemException.of(ProblemType.MALFORMED_REQUEST, "This route takes no body; send none.");
    }

    /** Reads at most one byte: a declared body may still be empty (chunked with no data). */
    private static boolean isEmpty(ServerRequest request) {
        try (InputStream in = request.content().inputStream()) {
            return in.readNBytes(1).length == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }
}
