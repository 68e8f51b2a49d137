package org.custos.tlog.witness;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.custos.tlog.merkle.MerkleHashing;

/**
 * The latest cosigned size and root per log origin, one line each ({@code <size> <base64 root> <origin>}), replaced
 * atomically: written to a temporary file, fsynced, renamed over the old one, and the directory fsynced.
 */
final class WitnessState {

    record Head(long size, byte[] rootHash) {}

    private final Path file;
    private final Map<String, Head> heads = new TreeMap<>();

    private WitnessState(Path file) {
        this.file = file;
    }

    static WitnessState load(Path file) throws IOException {
        WitnessState state = new WitnessState(file.toAbsolutePath());
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3) {
                    state.heads.put(parts[2], new Head(Long.parseLong(parts[0]), Base64.getDecoder().decode(parts[1])));
                }
            }
        }
        return state;
    }

    Head latest(String origin) {
        return heads.getOrDefault(origin, new Head(0, MerkleHashing.emptyRoot()));
    }

    void save(String origin, Head head) throws IOException {
        Map<String, Head> next = new TreeMap<>(heads);
        next.put(origin, head);
        StringBuilder out = new StringBuilder();
        next.forEach((o, h) -> out.append(h.size()).append(' ')
                .append(Base64.getEncoder().encodeToString(h.rootHash())).append(' ').append(o).append('\n'));
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path temporary = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
        heads.clear();
        heads.putAll(next);
    }
}
