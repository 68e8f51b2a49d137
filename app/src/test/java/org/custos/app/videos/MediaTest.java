package org.custos.app.videos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaTest {

    @Test
    void sniff_knownContainers_areRecognised_othersAreNot() {
        byte[] mp4 = {0, 0, 0, 32, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'};
        byte[] webm = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0, 0};
        assertThat(MediaType.sniff(mp4)).contains(MediaType.MP4);
        assertThat(MediaType.sniff(webm)).contains(MediaType.WEBM);
        assertThat(MediaType.sniff("GIF89a........".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(MediaType.sniff(new byte[] {0, 0, 0, 2, 'f', 't', 'y', 'p', 0, 0, 0, 0})).isEmpty();
        assertThat(MediaType.sniff(new byte[0])).isEmpty();
    }

    @Test
    void cipher_seekAnywhere_decryptsTheSameBytes(@TempDir Path dir) throws IOException {
        byte[] media = new byte[2_300_000];
        new Random(7).nextBytes(media);
        byte[] key = MediaCipher.newKey();
        LocalDirectoryBlobStore store = new LocalDirectoryBlobStore(dir);
        store.put("blob_0123456789abcdef",
                out -> MediaCipher.encrypt(key, 42, Multipart.Part.of("m", true, media), out));

        for (long at : new long[] {0, 1_048_575, 1_048_576, 2_299_990}) {
            try (SeekableByteChannel plain = MediaCipher.decrypting(key, 42,
                    store.open("blob_0123456789abcdef").orElseThrow())) {
                plain.position(at);
                ByteBuffer out = ByteBuffer.allocate(10);
                plain.read(out);
                assertThat(Arrays.copyOf(out.array(), out.position()))
                        .isEqualTo(Arrays.copyOfRange(media, (int) at, (int) at + out.position()));
            }
        }
    }

    @Test
    void cipher_wrongVideoOrTamperedByte_failsAuthentication(@TempDir Path dir) throws IOException {
        byte[] media = new byte[5000];
        byte[] key = MediaCipher.newKey();
        LocalDirectoryBlobStore store = new LocalDirectoryBlobStore(dir);
        store.put("blob_aaaaaaaaaaaaaaaa",
                out -> MediaCipher.encrypt(key, 1, Multipart.Part.of("m", true, media), out));
        byte[] sealed = Files.readAllBytes(dir.resolve("blob_aaaaaaaaaaaaaaaa"));
        sealed[sealed.length - 20] ^= 1;
        store.put("blob_bbbbbbbbbbbbbbbb", out -> out.write(sealed));

        assertThatThrownBy(() -> readAll(MediaCipher.decrypting(key, 2, store.open("blob_aaaaaaaaaaaaaaaa")
                .orElseThrow()))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> readAll(MediaCipher.decrypting(key, 1, store.open("blob_bbbbbbbbbbbbbbbb")
                .orElseThrow()))).isInstanceOf(IOException.class);
        assertThat(Files.list(dir).toList()).hasSize(2);
    }

    @Test
    void blobStore_refusesKeysThatAreNotItsOwn(@TempDir Path dir) {
        LocalDirectoryBlobStore store = new LocalDirectoryBlobStore(dir);
        assertThatThrownBy(() -> store.put("../escape_0123456789", out -> out.write(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blobStore_failedWrite_leavesNothing(@TempDir Path dir) throws IOException {
        LocalDirectoryBlobStore store = new LocalDirectoryBlobStore(dir);
        assertThatThrownBy(() -> store.put("blob_cccccccccccccccc", out -> {
            out.write(new byte[100]);
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class);
        assertThat(store.open("blob_cccccccccccccccc")).isEmpty();
        assertThat(Files.list(dir).toList()).isEmpty();
    }

    private static void readAll(SeekableByteChannel channel) throws IOException {
        try (channel) {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                buffer.clear();
            }
        }
    }
}
