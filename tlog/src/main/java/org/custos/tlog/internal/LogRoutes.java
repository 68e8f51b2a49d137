package org.custos.tlog.internal;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.custos.tlog.LogUnavailableException;
import org.custos.tlog.PushbackException;
import org.custos.tlog.storage.LogStore;
import org.custos.tlog.tiles.TileCoordinate;

/**
 * The tlog-tiles read API over a {@link LogStore}, with the caching the spec asks for: the checkpoint is mutable
 * and must not be cached beyond a few seconds; tiles and bundles (full or partial, whose path carries the width)
 * never change and are cacheable for a year. Also the optional {@code POST /add}, where a full intake becomes
 * 503 with {@code Retry-After}.
 */
public final class LogRoutes {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String CHECKPOINT_CACHE = "no-cache, max-age=0";

    private final LogStore store;

    public LogRoutes(LogStore store) {
        this.store = store;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/checkpoint", this::checkpoint);
        routing.get("/tile/{+path}", this::tile);
    }

    private void checkpoint(ServerRequest req, ServerResponse res) throws IOException {
        Optional<byte[]> checkpoint = store.read("checkpoint");
        res.header(HeaderNames.CACHE_CONTROL, CHECKPOINT_CACHE);
        if (checkpoint.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("no checkpoint yet\n");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").send(checkpoint.get());
    }

    private void tile(ServerRequest req, ServerResponse res) throws IOException {
        String path = req.path().path().substring(1);
        TileCoordinate tile;
        try {
            tile = TileCoordinate.parse(path);
        } catch (IllegalArgumentException e) {
            res.status(Status.NOT_FOUND_404).send("not a tile path\n");
            return;
        }
        Optional<byte[]> data = store.read(tile.path());
        if (data.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("no such tile\n");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream").header(HeaderNames.CACHE_CONTROL, IMMUTABLE);
        if (tile.isEntryBundle()) {
            // tlog-tiles: entry bundles SHOULD be compressed at the HTTP layer when the client accepts it.
            res.header(HeaderNames.VARY, "Accept-Encoding");
            if (req.headers().first(HeaderNames.ACCEPT_ENCODING).map(v -> v.contains("gzip")).orElse(false)) {
                res.header(HeaderNames.CONTENT_ENCODING, "gzip").send(gzip(data.get()));
                return;
            }
        }
        res.send(data.get());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(data.length / 2 + 64);
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(data);
        }
        return out.toByteArray();
    }

    /** The operation behind {@code POST /add}. */
    @FunctionalInterface
    public interface Appender {
        long append(byte[] entry) throws PushbackException, InterruptedException;
    }

    public static void handleAppend(Appender log, ServerRequest req, ServerResponse res) {
        byte[] entry = req.content().as(byte[].class);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        try {
            long index = log.append(entry);
            res.send((index + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (PushbackException e) {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            res.status(Status.SERVICE_UNAVAILABLE_503).header(HeaderNames.RETRY_AFTER, Long.toString(seconds))
                    .send("log intake is full; retry later\n");
        } catch (IllegalArgumentException e) {
            res.status(Status.BAD_REQUEST_400).send(e.getMessage() + "\n");
        } catch (LogUnavailableException e) {
            res.status(Status.SERVICE_UNAVAILABLE_503).send("log is unavailable\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            res.status(Status.SERVICE_UNAVAILABLE_503).send("interrupted\n");
        }
    }
}
