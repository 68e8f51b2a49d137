package org.custos.recsys;

import java.util.OptionalLong;

/** Who asks for a feed: a signed-in member or an anonymous visitor (who gets no personal model). */
public sealed interface Viewer {

    /** The member's user id, or empty for an anonymous visitor. */
    OptionalLong userId();

    static Viewer member(long userId) {
        return new Member(userId);
    }

    static Viewer anonymous() {
        return Anonymous.INSTANCE;
    }

    /** A signed-in member. */
    record Member(long id) implements Viewer {
        public Member {
            if (id < 0) {
                throw new IllegalArgumentException("user id must not be negative, got " + id);
            }
        }

        @Override
        public OptionalLong userId() {
            return OptionalLong.of(id);
        }
    }

    /** A visitor without an account: sees only public videos, ranked without a personal history. */
    enum Anonymous implements Viewer {
        INSTANCE;

        @Override
        public OptionalLong userId() {
            return OptionalLong.empty();
        }
    }
}
