package org.custos.server.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded PostgreSQL's port, chosen once and kept in {@code <dataDir>/pg.port} so that commands run
 * beside a live server ({@code keys rotate}, {@code operators create}) find its database, and so that the
 * port stays the same across restarts when it is free.
 */
final class RememberedPort {

    private final Path file;

    RememberedPort(Path dataDir) {
        this.file = dataDir.resolve("pg.port");
    }

    /** The remembered port, if one was chosen before. */
    Optional<Integer> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " does not hold a port number; delete it to choose a new one", e);
        }
    }

    /** The remembered port when it is free to bind, otherwise a fresh free port, which is remembered. */
    int choose() {
        Optional<Integer> remembered = read();
        if (remembered.isPresent() && isFree(remembered.get())) {
            return remembered.get();
        }
        int port = freePort();
        try {
            Files.writeString(file, Integer.toString(port), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return port;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for PostgreSQL", e);
        }
    }
}
