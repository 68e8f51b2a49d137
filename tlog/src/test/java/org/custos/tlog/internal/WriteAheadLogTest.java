package org.custos.tlog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    private static List<byte[]> entries(String... values) {
        return Stream.of(values).map(String::getBytes).toList();
    }

    @Test
    void open_tornTail_cutsItAndReusesOnlyUnacknowledgedIndices() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 0, 1 << 20, new ArrayList<>())) {
            assertThat(wal.append(entries("a", "b"))).isZero();
            assertThat(wal.append(entries("c"))).isEqualTo(2);
        }
        Path segment;
        try (Stream<Path> list = Files.list(dir)) {
            segment = list.findFirst().orElseThrow();
        }
        long intact = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0x54, 0x4c, 0x4f, 0x47, 0, 0, 0}));
        }
        List<byte[]> recovered = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1 << 20, recovered)) {
            assertThat(recovered).extracting(String::new).containsExactly("b", "c");
            assertThat(Files.size(segment)).isEqualTo(intact);
            assertThat(wal.append(entries("d"))).isEqualTo(3);
        }
    }

    @Test
    void open_corruptRecordBeforeLastSegment_refuses() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 0, 1, new ArrayList<>())) {
            wal.append(entries("a"));
            wal.append(entries("b"));
            wal.append(entries("c"));
        }
        Path first;
        try (Stream<Path> list = Files.list(dir).sorted()) {
            first = list.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 1] ^= 1;
        Files.write(first, bytes);
        assertThatThrownBy(() -> WriteAheadLog.open(dir, 0, 1, new ArrayList<>()))
                .isInstanceOf(CorruptLogException.class);
    }

    @Test
    void prune_segmentsBelowCheckpoint_deletedActiveKept() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 0, 1, new ArrayList<>())) {
            wal.append(entries("a"));
            wal.append(entries("b"));
            wal.append(entries("c"));
            wal.prune(2);
        }
        List<byte[]> recovered = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 2, 1, recovered)) {
            assertThat(recovered).extracting(String::new).containsExactly("c");
            assertThat(wal.nextIndex()).isEqualTo(3);
        }
    }
}
