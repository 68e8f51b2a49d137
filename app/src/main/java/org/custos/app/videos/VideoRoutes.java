package org.custos.app.videos;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import org.custos.app.accounts.Authenticator;
import org.custos.app.http.Json;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * Upload, metadata, ranged streaming and deletion of videos. The media is checked by its bytes, encrypted with its
 * own key ({@link MediaCipher}) before it reaches the {@link BlobStore}, and decrypted segment by segment when
 * streamed. Videos the caller may not see answer 404, exactly like videos that do not exist.
 */
final class VideoRoutes {
    private static final int CHUNK = 64 * 1024;
    /**
     * Uploads are buffered whole (up to the media cap), so how many run at once bounds the memory they take;
     * beyond that the API pushes back with 503 rather than risk the heap.
     */
    private static final int CONCURRENT_UPLOADS = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
    private static final Duration UPLOAD_RETRY = Duration.ofSeconds(2);

    private final Semaphore uploads = new Semaphore(CONCURRENT_UPLOADS);
    private final VideoStore videos;
    private final BlobStore blobs;
    private final Vault vault;
    private final Authenticator authenticator;
    private final VideoSettings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final ForYouFeed forYou;

    VideoRoutes(VideoStore videos, BlobStore blobs, Vault vault, Authenticator authenticator, VideoSettings settings,
                Clock clock, SecureRandom random, ForYouFeed forYou) {
        this.forYou = forYou;
        this.videos = videos;
        this.blobs = blobs;
        this.vault = vault;
        this.authenticator = authenticator;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    void register(HttpRules rules) {
        rules.post("/v1/videos", this::upload)
                .get("/v1/videos/{id}", this::metadata)
                .get("/v1/videos/{id}/media", this::media)
                .delete("/v1/videos/{id}", this::delete);
    }

    private void upload(ServerRequest request, ServerResponse response) {
        long author = authenticator.requireUser(request).subject().value();
        if (!uploads.tryAcquire()) {
            throw ProblemException.pushback(ProblemType.OVERLOADED, "Too many uploads at once; retry shortly.",
                    UPLOAD_RETRY);
        }
        try {
            upload(author, request, response);
        } finally {
            uploads.release();
        }
    }

    private void upload(long author, ServerRequest request, ServerResponse response) {
        String boundary = request.headers().first(HeaderNames.CONTENT_TYPE).flatMap(Multipart::boundary)
                .orElseThrow(() -> ProblemException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Send the upload as multipart/form-data with a boundary."));
        Map<String, Multipart.Part> parts = parts(request, boundary);
        UploadForm form = UploadForm.validate(parts, settings.maxMediaBytes());
        Multipart.Part media = form.media();
        MediaType type = MediaType.sniff(media.head(16)).orElseThrow(() -> ProblemException.of(
                ProblemType.UNSUPPORTED_VIDEO,
                "The media part must be an MP4 (ISO base media) or WebM (Matroska) file."));
        long id = videos.nextId();
        byte[] key = MediaCipher.newKey();
        byte[] sealedKey = vault.seal(new SubjectId(author), VideoStore.MEDIA_KEY, key);
        String blobKey = blobKey();
        try {
            blobs.put(blobKey, out -> MediaCipher.encrypt(key, id, media, out));
        } catch (IOException e) {
            throw new UncheckedIOException("storing encrypted media failed", e);
        }
        try {
            videos.insert(id, new VideoStore.Upload(author, form.visibility(), form.caption(), form.hashtags(),
                    form.durationMs(), type, media.length(), blobKey), sealedKey, clock.instant());
        } catch (RuntimeException e) {
            deleteQuietly(blobKey);
            throw e;
        }
        VideoRecord stored = videos.find(OptionalLong.of(author), id).orElseThrow();
        forYou.published(new FactHub.VideoFact(id, author, form.durationMs(), stored.createdAt(), form.visibility(),
                form.visibility() == Visibility.PUBLIC ? form.hashtags() : List.of()));
        response.header(HeaderNames.LOCATION, "/v1/videos/" + id);
        Json.send(response, Status.CREATED_201, stored.view());
    }

    private Map<String, Multipart.Part> parts(ServerRequest request, String boundary) {
        long limit = settings.maxMediaBytes() + VideoSettings.FORM_OVERHEAD_BYTES;
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readNBytes((int) limit + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the upload failed", e);
        }
        if (body.length > limit) {
            throw tooLarge();
        }
        try {
            return Multipart.parse(body, boundary);
        } catch (Multipart.MalformedException e) {
            throw ProblemException.of(ProblemType.MALFORMED_REQUEST, "The multipart body is malformed: "
                    + e.getMessage() + ".");
        }
    }

    private ProblemException tooLarge() {
        return ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE,
                "The media must be at most " + settings.maxMediaBytes() + " bytes.");
    }

    private void metadata(ServerRequest request, ServerResponse response) {
        long viewer = authenticator.requireUser(request).subject().value();
        long id = videoId(request);
        VideoRecord video = videos.find(OptionalLong.of(viewer), id).orElseThrow(VideoRoutes::notFound);
        Json.send(response, Status.OK_200, video.view());
    }

    private void media(ServerRequest request, ServerResponse response) {
        long viewer = authenticator.requireUser(request).subject().value();
        VideoStore.Media media = videos.media(OptionalLong.of(viewer), videoId(request))
                .orElseThrow(VideoRoutes::notFound);
        ByteRange.Resolution resolution = ByteRange.resolve(request.headers().first(HeaderNames.RANGE),
                media.bytes());
        ByteRange range = switch (resolution) {
            case ByteRange.Unsatisfiable() -> {
                response.header(HeaderNames.CONTENT_RANGE, "bytes */" + media.bytes());
                throw ProblemException.of(ProblemType.RANGE_NOT_SATISFIABLE,
                        "The media is " + media.bytes() + " bytes long.");
            }
            case ByteRange.Whole() -> new ByteRange(0, media.bytes() - 1);
            case ByteRange.Part(ByteRange part) -> part;
        };
        byte[] key = vault.open(Identities.context(viewer, media.authorId()), new SubjectId(media.authorId()),
                VideoStore.MEDIA_KEY, media.sealedKey());
        try (SeekableByteChannel ciphertext = blobs.open(media.blobKey())
                .orElseThrow(() -> new IllegalStateException("a video's media object is missing"));
             SeekableByteChannel plain = MediaCipher.decrypting(key, media.videoId(), ciphertext)) {
            plain.position(range.first());
            response.status(resolution instanceof ByteRange.Part ? Status.PARTIAL_CONTENT_206 : Status.OK_200);
            if (resolution instanceof ByteRange.Part) {
                response.header(HeaderNames.CONTENT_RANGE,
                        "bytes " + range.first() + "-" + range.last() + "/" + media.bytes());
            }
            response.header(HeaderNames.ACCEPT_RANGES, "bytes");
            response.header(HeaderNames.CONTENT_TYPE, media.mediaType());
            response.header(HeaderNames.CACHE_CONTROL, "private, no-store");
            response.contentLength(range.length());
            copy(plain, range.length(), response);
        } catch (IOException e) {
            throw new UncheckedIOException("streaming media failed", e);
        }
    }

    private static void copy(SeekableByteChannel from, long length, ServerResponse response) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long left = length;
        try (OutputStream out = response.outputStream()) {
            while (left > 0) {
                buffer.clear().limit((int) Math.min(CHUNK, left));
                int n = from.read(buffer);
                if (n < 0) {
                    throw new IOException("media ended early");
                }
                out.write(buffer.array(), 0, n);
                left -= n;
            }
        }
    }

    private void delete(ServerRequest request, ServerResponse response) {
        long author = authenticator.requireUser(request).subject().value();
        long id = videoId(request);
        Optional<String> blobKey = videos.deleteOwn(author, id);
        if (blobKey.isEmpty()) {
            // Someone else's video (visible or not) is answered like a missing one: no probing of ids.
            throw notFound();
        }
        forYou.withdrawn(id);
        deleteQuietly(blobKey.get());
        response.status(Status.NO_CONTENT_204).send();
    }

    private void deleteQuietly(String blobKey) {
        try {
            blobs.delete(blobKey);
        } catch (IOException e) {
            // The row is gone and the media key with it, so the orphaned ciphertext is unreadable; a sweep removes it.
            System.getLogger(VideoRoutes.class.getName()).log(System.Logger.Level.WARNING,
                    "could not delete an orphaned media object: " + e.getClass().getName());
        }
    }

    static long videoId(ServerRequest request) {
        return Ids.parse(request.path().pathParameters().get("id")).orElseThrow(VideoRoutes::notFound);
    }

    static ProblemException notFound() {
        return ProblemException.of(ProblemType.NOT_FOUND, "No video with this id, or not one you may see.");
    }

    private String blobKey() {
        byte[] name = new byte[24];
        random.nextBytes(name);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name);
    }
}
