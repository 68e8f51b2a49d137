package org.custos.vault;

/**
 * Who is reading protected data and why. A read by anyone other than the data's own subject passes through the
 * vault's audit path: it leaves a durable audit event before any plaintext is returned.
 */
public record AccessContext(Principal principal, Purpose purpose, String grant) {

    /** @param grant the access grant the read is made under, empty when none is needed (a service, the subject) */
    public AccessContext {
        java.util.Objects.requireNonNull(principal, "principal");
        java.util.Objects.requireNonNull(purpose, "purpose");
        java.util.Objects.requireNonNull(grant, "grant (empty when none)");
    }

    public AccessContext(Principal principal, Purpose purpose) {
        this(principal, purpose, "");
    }

    /** The subject reading their own data: no audit event, no policy check. */
    public static AccessContext self(SubjectId subject) {
        return new AccessContext(Principal.user(subject), Purpose.SELF);
    }

    /** True when this context is the subject reading their own data. */
    public boolean isSelf(SubjectId subject) {
        return principal.kind() == Principal.Kind.USER
                && principal.id().equals(Long.toString(subject.value()))
                && purpose.equals(Purpose.SELF);
    }
}
