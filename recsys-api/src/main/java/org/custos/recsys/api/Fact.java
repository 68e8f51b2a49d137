package org.custos.recsys.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Something that happened in the app, as the algorithm may know it. Members are named only by their pseudonym
 * under the algorithm's release (a non-negative 63-bit number the vault derives; never an account id), videos by
 * their public id. Facts reach the algorithm in the order the host learnt them.
 */
public sealed interface Fact {

    /**
     * A member watched a video.
     *
     * @param viewer     the viewer's pseudonym
     * @param video      the video
     * @param atMs       when it was shown (epoch milliseconds, the client's report)
     * @param watchedMs  how long it played
     * @param durationMs the video's length (0 when unknown), so the algorithm can label plays
     * @param flags      what the viewer did: {@link #COMPLETED}, {@link #SKIPPED}, {@link #NOT_INTERESTED},
     *                   {@link #LIKED}, {@link #FOLLOWED_AUTHOR}
     * @param surface    where it was shown (the app's code for a feed tab or page), 0..65535
     */
    record Watched(long viewer, long video, long atMs, long watchedMs, long durationMs, int flags, int surface)
            implements Fact {
        public static final int COMPLETED = 1;
        public static final int SKIPPED = 1 << 1;
        public static final int NOT_INTERESTED = 1 << 2;
        public static final int LIKED = 1 << 3;
        public static final int FOLLOWED_AUTHOR = 1 << 4;
        static final int ALL_FLAGS = (1 << 5) - 1;

        public Watched {
            Checks.pseudonym("viewer", viewer);
            Checks.id("video", video);
            if (watchedMs < 0 || durationMs < 0) {
                throw new IllegalArgumentException("watchedMs and durationMs must not be negative");
            }
            if ((flags & ~ALL_FLAGS) != 0) {
                throw new IllegalArgumentException("unknown watch flags " + Integer.toBinaryString(flags));
            }
            if (surface < 0 || surface > 0xFFFF) {
                throw new IllegalArgumentException("surface must be 0..65535, got " + surface);
            }
        }

        public boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /**
     * A video the algorithm may rank appeared or changed (a repeated fact replaces the earlier one).
     *
     * @param author the author's pseudonym
     * @param tags   the hashtags the author published to everyone (empty for followers-only videos, whose tags
     *               are sealed), at most {@value Protocol#MAX_TAGS} of at most {@value Protocol#MAX_TAG_BYTES}
     *               UTF-8 bytes each
     */
    record VideoPublished(long video, long author, long durationMs, long uploadedAtMs, Audience audience,
                          List<String> tags) implements Fact {
        public VideoPublished {
            Checks.id("video", video);
            Checks.pseudonym("author", author);
            Objects.requireNonNull(audience, "audience");
            tags = List.copyOf(tags);
            if (durationMs < 0) {
                throw new IllegalArgumentException("durationMs must not be negative");
            }
            if (tags.size() > Protocol.MAX_TAGS) {
                throw new IllegalArgumentException("at most " + Protocol.MAX_TAGS + " tags, got " + tags.size());
            }
            for (String tag : tags) {
                Checks.tag(tag);
            }
        }
    }

    /** A video the algorithm must no longer rank: deleted, made private, or its author erased. */
    record VideoWithdrawn(long video) implements Fact {
        public VideoWithdrawn {
            Checks.id("video", video);
        }
    }

    /** A member started ({@code following}) or stopped following an author. */
    record Followed(long follower, long author, boolean following) implements Fact {
        public Followed {
            Checks.pseudonym("follower", follower);
            Checks.pseudonym("author", author);
        }
    }

    /**
     * A member was erased: the algorithm MUST drop everything it keeps about this pseudonym (rows, history,
     * follows) at once; the host then replaces every snapshot taken before.
     */
    record Forgotten(long member) implements Fact {
        public Forgotten {
            Checks.pseudonym("member", member);
        }
    }

    /** Shared validation of the facts' fields. */
    final class Checks {
        private Checks() {
        }

        static void pseudonym(String field, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(field + " must be a non-negative pseudonym, got " + value);
            }
        }

        static void id(String field, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(field + " id must not be negative, got " + value);
            }
        }

        static void tag(String tag) {
            Objects.requireNonNull(tag, "tag");
            int bytes = tag.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > Protocol.MAX_TAG_BYTES) {
                throw new IllegalArgumentException("a tag has 1.." + Protocol.MAX_TAG_BYTES + " UTF-8 bytes, got "
                        + bytes);
            }
            for (int i = 0; i < tag.length(); i++) {
                if (Character.isISOControl(tag.charAt(i))) {
                    throw new IllegalArgumentException("a tag must not hold control characters");
                }
            }
        }
    }
}
