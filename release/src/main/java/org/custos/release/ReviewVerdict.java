package org.custos.release;

import java.util.Locale;

/** A reviewer's verdict on a release; its code is what the log's REVIEWED entry carries as its reason. */
public enum ReviewVerdict {
    APPROVE,
    REJECT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReviewVerdict ofCode(String code) {
        for (ReviewVerdict verdict : values()) {
            if (verdict.code().equals(code)) {
                return verdict;
            }
        }
        throw new IllegalArgumentException("a verdict is approve or reject");
    }
}
