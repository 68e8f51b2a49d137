package org.custos.tlog.verify;

/** What a verification run concluded; each maps to one exit code of {@code custos log verify}. */
public sealed interface Verdict {

    int exitCode();

    String report();

    /** Everything checked out. */
    record Verified(String report) implements Verdict {
        public int exitCode() {
            return 0;
        }
    }

    /** The log (or what it served) contradicts its own signed statements; {@code evidence} shows how. */
    record Misbehaviour(String report) implements Verdict {
        public int exitCode() {
            return 1;
        }
    }

    /** The check could not be carried out (network, malformed input, missing files); says nothing about the log. */
    record Unverifiable(String report) implements Verdict {
        public int exitCode() {
            return 2;
        }
    }
}
