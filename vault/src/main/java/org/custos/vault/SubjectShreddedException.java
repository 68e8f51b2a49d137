package org.custos.vault;

/**
 * The subject's data key was destroyed: their protected data is gone for good. Callers treat the subject as deleted
 * (HTTP 410 Gone); retrying cannot help.
 */
public final class SubjectShreddedException extends VaultException {
    private final SubjectId subject;

    public SubjectShreddedException(SubjectId subject) {
        super(subject + " was shredded; their protected data can no longer be decrypted");
        this.subject = subject;
    }

    public SubjectId subject() {
        return subject;
    }
}
