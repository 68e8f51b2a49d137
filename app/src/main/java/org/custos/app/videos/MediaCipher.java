package org.custos.app.videos;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Media encryption. Each video gets its own key for Tink's streaming AEAD {@code AES256_GCM_HKDF_1MB}
 * (AES-GCM over 1 MiB segments, each authenticated with its index and an end-of-stream flag, under a key derived
 * per stream with HKDF). That key is sealed by the vault under the uploader's data key and stored with the video:
 * shredding the uploader makes every copy of their media, backups included, unreadable. Segments let a Range
 * request decrypt only the segments it covers. The associated data binds the ciphertext to its video id, so
 * swapping two blobs fails authentication.
 */
final class MediaCipher {
    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private MediaCipher() {
    }

    /** A new random key, serialised for sealing. The bytes are secret: never log or store them unsealed. */
    static byte[] newKey() {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
            return TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a media key", e);
        }
    }

    /** Writes the ciphertext of {@code plaintext} to {@code out}, segment by segment. */
    static void encrypt(byte[] key, long videoId, Multipart.Part plaintext, OutputStream out) throws IOException {
        OutputStream encrypting;
        try {
            encrypting = aead(key).newEncryptingStream(new NonClosing(out), associatedData(videoId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt media", e);
        }
        try (encrypting) {
            plaintext.writeTo(encrypting);
        }
    }

    /** Closing the encrypting stream writes the last segment; the blob store closes the file itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** A channel of plaintext over {@code ciphertext}; reads authenticate each segment they touch. */
    static SeekableByteChannel decrypting(byte[] key, long videoId, SeekableByteChannel ciphertext) {
        try {
            return aead(key).newSeekableDecryptingChannel(ciphertext, associatedData(videoId));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open media for decryption", e);
        }
    }

    private static StreamingAead aead(byte[] key) throws GeneralSecurityException {
        KeysetHandle handle = TinkProtoKeysetFormat.parseKeyset(key, InsecureSecretKeyAccess.get());
        return handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
    }

    private static byte[] associatedData(long videoId) {
        return ("custos.media.v1/" + videoId).getBytes(StandardCharsets.US_ASCII);
    }
}
