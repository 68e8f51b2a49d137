package org.custos.tlog.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.custos.tlog.merkle.MerkleHashing;
import org.custos.tlog.tiles.TileCoordinate;

/**
 * Where a verifier reads a log from: a URL prefix over HTTP, or a directory in the static layout. Never the log's
 * own storage classes: a verifier trusts nothing of the custodian's code path.
 */
public sealed interface LogSource {

    byte[] checkpoint() throws IOException;

    /** A tile or bundle; a missing partial one is cut from the full one, as tlog-tiles allows logs to prune. */
    default byte[] tile(TileCoordinate tile) throws IOException {
        try {
            return fetch(tile.path());
        } catch (NoSuchFileException e) {
            if (tile.isFull() || tile.isEntryBundle()) {
                throw e;
            }
            byte[] full = fetch(new TileCoordinate(tile.level(), tile.index(), TileCoordinate.FULL_WIDTH).path());
            return Arrays.copyOf(full, tile.width() * MerkleHashing.HASH_SIZE);
        }
    }

    byte[] fetch(String path) throws IOException;

    static LogSource of(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return new Http(URI.create(location.endsWith("/") ? location : location + "/"),
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        }
        return new Directory(Path.of(location.startsWith("file:") ? URI.create(location).getPath() : location));
    }

    record Directory(Path root) implements LogSource {
        @Override
        public byte[] checkpoint() throws IOException {
            return fetch("checkpoint");
        }

        @Override
        public byte[] fetch(String path) throws IOException {
            return Files.readAllBytes(root.resolve(path));
        }
    }

    record Http(URI prefix, HttpClient client) implements LogSource {
        @Override
        public byte[] checkpoint() throws IOException {
            return fetch("checkpoint");
        }

        @Override
        public byte[] fetch(String path) throws IOException {
            HttpResponse<byte[]> response;
            try {
                response = client.send(HttpRequest.newBuilder(prefix.resolve(path)).timeout(Duration.ofSeconds(30))
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted fetching " + path, e);
            }
            if (response.statusCode() == 404) {
                throw new NoSuchFileException(prefix.resolve(path).toString());
            }
            if (response.statusCode() != 200) {
                throw new IOException("GET " + prefix.resolve(path) + " returned " + response.statusCode());
            }
            return response.body();
        }
    }
}
