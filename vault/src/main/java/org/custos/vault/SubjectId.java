package org.custos.vault;

/** The person a protected value is about: the owner of the data key it is sealed under. */
public record SubjectId(long value) {
    public SubjectId {
        if (value <= 0) {
            throw new IllegalArgumentException("subject id must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "subject#" + value;
    }
}
