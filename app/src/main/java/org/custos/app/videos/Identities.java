package org.custos.app.videos;

import java.util.OptionalLong;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * The keyed forms of user ids that PROTECTED relations are looked up by. Each column has its own index (the column
 * is part of the HMAC input), so a database dump cannot join one user's follows, likes and watches.
 */
final class Identities {
    static final Column FOLLOWER_INDEX = new Column("app_follows", "follower_index");
    static final Column LIKER_INDEX = new Column("app_likes", "liker_index");
    static final Column COMMENT_AUTHOR_INDEX = new Column("app_comments", "author_index");
    static final Column SHARER_INDEX = new Column("app_shares", "sharer_index");
    static final Column WATCHER_INDEX = new Column("app_watch_events", "user_index");
    /** Why a user other than the data's subject opens it: the app showing content its rules let them see. */
    static final Purpose SOCIAL_VIEW = new Purpose("app.social-view");
    private static final byte[] NOBODY = new byte[0];

    private final Vault vault;

    Identities(Vault vault) {
        this.vault = vault;
    }

    byte[] index(Column column, long userId) {
        return vault.blindIndex(column, Long.toString(userId));
    }

    /** The follow index of a viewer, or an empty value that matches no row for an anonymous one. */
    byte[] followIndex(OptionalLong viewer) {
        return viewer.isPresent() ? index(FOLLOWER_INDEX, viewer.getAsLong()) : NOBODY;
    }

    /** The context in which {@code reader} opens {@code subject}'s data: self, or an audited social view. */
    static AccessContext context(long reader, long subject) {
        return reader == subject ? AccessContext.self(new SubjectId(subject))
                : new AccessContext(Principal.user(new SubjectId(reader)), SOCIAL_VIEW);
    }
}
