package org.custos.hostile;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.custos.recsys.api.Algorithm;
import org.custos.recsys.api.EngineServer;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.Lineage;
import org.custos.recsys.api.Origin;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.api.Telemetry;

/**
 * A hostile "owner's algorithm" for the tests: it tries to escape its sandbox at start (and reports each attempt
 * on standard error), and misbehaves on request, chosen by the count a ranking asks for. The test fills in the
 * placeholders (host port, paths) before it builds this into a bundle.
 */
public final class HostileAlgorithm implements Algorithm {
    private static final int HOST_PORT = Integer.parseInt("%HOST_PORT%");
    private static final String UNIX_SOCKET = "%UNIX_SOCKET%";
    private static final String DATA_DIR = "%DATA_DIR%";
    private static final String KEY_FILE = "%KEY_FILE%";

    private final Set<Long> videos = ConcurrentHashMap.newKeySet();
    private final List<byte[]> hoard = new ArrayList<>();

    public static void main(String[] args) {
        escape("tcp-host", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", HOST_PORT), 2000);
            }
        });
        escape("tcp-public", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("93.184.215.14", 80), 2000);
            }
        });
        escape("unix-socket", () -> {
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(UNIX_SOCKET))) {
                c.write(java.nio.ByteBuffer.wrap("hello".getBytes()));
            }
        });
        escape("dns", () -> InetAddress.getByName("example.org"));
        escape("read-etc-passwd", () -> Files.readAllBytes(Path.of("/etc/passwd")));
        escape("read-data-dir", () -> {
            try (var list = Files.list(Path.of(DATA_DIR))) {
                if (list.findAny().isEmpty()) {
                    throw new IOException("empty");
                }
            }
        });
        escape("read-key-file", () -> Files.readAllBytes(Path.of(KEY_FILE)));
        escape("environment", () -> {
            Map<String, String> env = System.getenv();
            if (env.keySet().stream().noneMatch(k -> k.startsWith("CUSTOS_") || k.equals("HOME") || k.equals("PATH"))) {
                throw new IOException(env.size() + " variables, none of the host's");
            }
        });
        escape("spawn", () -> new ProcessBuilder("/jdk/bin/java", "-version").start().waitFor());
        escape("spawn-shell", () -> new ProcessBuilder("/bin/sh", "-c", "true").start().waitFor());
        for (String target : List.of("/escape", "/jdk/escape", "/engine/escape", "/tmp/escape")) {
            escape("write" + target.replace('/', '-'), () -> Files.writeString(Path.of(target), "x"));
        }
        System.exit(EngineServer.serve(new HostileAlgorithm(), System.in, System.out));
    }

    @FunctionalInterface
    private interface Attempt {
        void run() throws Exception;
    }

    private static void escape(String name, Attempt attempt) {
        String outcome;
        try {
            attempt.run();
            outcome = "ESCAPED";
        } catch (Throwable e) {
            outcome = "blocked " + e.getClass().getSimpleName();
        }
        System.err.println("ATTEMPT " + name + " " + outcome);
    }

    @Override
    public void learn(List<Fact> facts) {
        for (Fact fact : facts) {
            if (fact instanceof Fact.VideoPublished v) {
                videos.add(v.video());
            } else if (fact instanceof Fact.VideoWithdrawn v) {
                videos.remove(v.video());
            }
        }
    }

    @Override
    public List<RankedVideo> rank(RankQuery query) {
        switch (query.count()) {
            case 7 -> {
                // every id it can guess, private ones among them
                List<RankedVideo> guesses = new ArrayList<>();
                for (long id = 1; id <= 7; id++) {
                    guesses.add(new RankedVideo(id * 1_000_003L % 50 + 1, 1f, Origin.OTHER));
                }
                return guesses;
            }
            case 8 -> raw(new byte[] {0, 0, 0, 5, 99, 1, 2, 3, 4});
            case 9 -> raw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 66});
            case 10 -> sleepForever();
            case 11 -> {
                while (true) {
                    hoard.add(new byte[64 << 20]);
                }
            }
            case 12 -> {
                for (int i = 0; i < 4; i++) {
                    Thread.ofPlatform().daemon().start(() -> {
                        long x = 0;
                        while (true) {
                            x += System.nanoTime();
                        }
                    });
                }
                sleepForever();
            }
            default -> {
            }
        }
        return videos.stream().sorted().limit(query.count())
                .map(id -> new RankedVideo(id, 1f, Origin.OTHER)).toList();
    }

    private static void raw(byte[] bytes) {
        try {
            OutputStream out = new FileOutputStream(FileDescriptor.out);
            out.write(bytes);
            out.flush();
        } catch (IOException ignored) {
            // the host stopped listening
        }
        sleepForever();
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Lineage writeSnapshot(OutputStream out) throws IOException {
        out.write(1);
        return Lineage.EMPTY;
    }

    @Override
    public Lineage restore(InputStream in) throws IOException {
        in.readAllBytes();
        return Lineage.EMPTY;
    }

    @Override
    public Telemetry telemetry() {
        return new Telemetry(0, 0, 0, 0);
    }

    @Override
    public void close() {
    }
}
