package org.custos.app.accounts;

import java.time.Instant;
import java.util.Objects;
import org.custos.vault.AccessContext;
import org.custos.vault.Principal;
import org.custos.vault.SubjectId;

/** A user of the app, authenticated by a user token. The subject id is the user's account id. */
public record AuthenticatedUser(SubjectId subject, Instant expiresAt) implements Authenticated {
    public AuthenticatedUser {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public Principal principal() {
        return Principal.user(subject);
    }

    /** The context in which this user reads their own protected data (not audited as a third-party read). */
    public AccessContext self() {
        return AccessContext.self(subject);
    }
}
