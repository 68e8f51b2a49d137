package org.custos.vault;

import java.util.regex.Pattern;

/**
 * Who reads: a user of the app, an operator (custodian, owner or regulator staff), or an automated service of the
 * boundary (the recommender, the app itself). Identifiers are opaque and never personal data.
 */
public record Principal(Kind kind, String id) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    public enum Kind { USER, OPERATOR, SERVICE }

    public Principal {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("principal id must match " + ID.pattern());
        }
    }

    public static Principal user(SubjectId subject) {
        return new Principal(Kind.USER, Long.toString(subject.value()));
    }

    public static Principal operator(String id) {
        return new Principal(Kind.OPERATOR, id);
    }

    public static Principal service(String name) {
        return new Principal(Kind.SERVICE, name);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
