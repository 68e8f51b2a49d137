package org.custos.release.build;

/**
 * A bundle could not be built (or rebuilt) from its source archive. The message says what failed and what to do;
 * {@link #reason()} is a closed code a caller may log or switch on, never free text.
 */
public class BuildFailedException extends Exception {

    /** Why a build failed. {@link #code()} is a lower-case label fit for an audit record. */
    public enum Reason {
        /** The source archive is not a zip of the expected shape (entries outside the roots, bad names, too big). */
        ARCHIVE_MALFORMED("archive-malformed"),
        /** {@code BUILD.properties} is missing or malformed. */
        RECIPE_MALFORMED("recipe-malformed"),
        /** {@code deps.lock} is missing or malformed. */
        LOCK_MALFORMED("lock-malformed"),
        /** A locked dependency is not in the dependency store. */
        DEPENDENCY_MISSING("dependency-missing"),
        /** A locked dependency's bytes do not hash to the lock. */
        DEPENDENCY_MISMATCH("dependency-mismatch"),
        /** A locked dependency cannot be flattened into a bundle (not a readable jar, an unsafe entry name). */
        DEPENDENCY_UNSUPPORTED("dependency-unsupported"),
        /** Two inputs put an entry of the same name into the bundle. */
        DUPLICATE_ENTRY("duplicate-entry"),
        /** javac reported errors, or the runtime has no compiler. */
        COMPILATION_FAILED("compilation-failed"),
        /** The recipe's main class is not in the bundle. */
        MAIN_CLASS_MISSING("main-class-missing"),
        /** The work directory was not empty, so stale files could have entered the bundle. */
        WORK_DIRECTORY_NOT_EMPTY("work-directory-not-empty"),
        /** Reading or writing a file failed. */
        IO_FAILED("io-failed");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    BuildFailedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    BuildFailedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
