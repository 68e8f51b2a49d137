package org.custos.release;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The published vocabulary of reasons a release is rejected or revoked. The log carries the code, never free text:
 * a reviewer's explanation stays inside the boundary as findings, committed to by digest.
 */
public enum ReasonCode {
    /** A reviewer rejected the release; the findings say why (the default reason of a rejecting review). */
    REVIEW_REJECTED("review-rejected"),
    /** The code does something the custodian considers unsafe in the boundary. */
    UNSAFE_BEHAVIOUR("unsafe-behaviour"),
    /** The code tries to reach personal data it must not see. */
    PERSONAL_DATA("personal-data"),
    /** The code tries to send data out other than through the gateway. */
    UNDECLARED_EGRESS("undeclared-egress"),
    /** A vulnerability was found in the code or one of its dependencies. */
    VULNERABILITY("vulnerability"),
    /** The source archive does not rebuild to the artifact. */
    IRREPRODUCIBLE_BUILD("irreproducible-build"),
    /** The source archive lacks what the artifact was built from. */
    INCOMPLETE_SOURCE("incomplete-source"),
    /** The release breaks a published policy of the custodian. */
    POLICY_VIOLATION("policy-violation"),
    /** A later release replaces this one. */
    SUPERSEDED("superseded"),
    /** The release signing key that signed the statement may be compromised. */
    SIGNING_KEY_COMPROMISED("signing-key-compromised"),
    /** The owner withdrew the release. */
    WITHDRAWN("withdrawn"),
    /** A regulator ordered the release withdrawn. */
    REGULATOR_ORDER("regulator-order"),
    /** None of the above; the findings or the incident record say why. */
    OTHER("other");

    private final String code;

    ReasonCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<ReasonCode> ofCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }

    /** Every code, for error messages and documentation. */
    public static List<String> codes() {
        return Arrays.stream(values()).map(ReasonCode::code).toList();
    }
}
