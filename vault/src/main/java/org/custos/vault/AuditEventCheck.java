package org.custos.vault;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The gate in front of the outbox for events reported by other modules: what enters the outbox must become a log
 * entry without personal data, and the log's relay cannot skip an event it fails to encode. So a subject named by
 * anything but a vault pseudonym is refused here, at the source, with an error the caller can act on.
 */
final class AuditEventCheck {
    /** The most subjects one event may name, so that its log entry stays well under the log's 64 KiB entry limit. */
    static final int MAX_SUBJECTS = 1000;
    private static final Pattern PSEUDONYM = Pattern.compile("ps1:[0-9a-f]{32}");
    // The log's shapes for a flow record (tlog EntryFields): a declared flow's name, the gateway's canonical query of
    // validated values, a refusal code. Checked here too so that the relay never meets a flow it cannot write.
    private static final Pattern FLOW_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}|\\(undeclared\\)");
    private static final Pattern QUERY = Pattern.compile("|fields=([a-z][a-z0-9_]{0,40}(,[a-z][a-z0-9_]{0,40})*)?"
            + "(;[a-z][A-Za-z0-9-]{0,31}=([0-9]{1,19}(,[0-9]{1,19})*|hmac:[0-9a-f]{32}))*");
    private static final Pattern CODE = Pattern.compile("|[a-z0-9][a-z0-9.-]{0,63}");

    private AuditEventCheck() {
    }

    /** True when {@code value} has the form of {@link Vault#pseudonym}. */
    static boolean isPseudonym(String value) {
        return PSEUDONYM.matcher(value).matches();
    }

    /**
     * The event with user principals replaced by {@code auditPrincipal} (pseudonymised).
     *
     * @throws IllegalArgumentException if a subject is not a pseudonym or there are too many
     */
    static AuditEvent checked(AuditEvent event, UnaryOperator<Principal> auditPrincipal) {
        return switch (event) {
            case AuditEvent.ProtectedRead read -> {
                subjects(read.subjectPseudonyms());
                yield new AuditEvent.ProtectedRead(auditPrincipal.apply(read.principal()), read.purpose(),
                        read.columns(), read.subjectPseudonyms(), read.count(), read.grant(), read.at());
            }
            case AuditEvent.ServiceReads reads -> reads;
            case AuditEvent.Flow flow -> flow(flow);
            case AuditEvent.AccessStep step -> {
                subjects(step.subjectPseudonyms());
                yield new AuditEvent.AccessStep(step.step(), step.requestId(), auditPrincipal.apply(step.actor()),
                        step.purpose(), step.columns(), step.subjectPseudonyms(), step.at());
            }
            case AuditEvent.PolicyChange policy -> new AuditEvent.PolicyChange(policy.policyId(), policy.version(),
                    policy.digest(), policy.retired(), auditPrincipal.apply(policy.author()), policy.at());
            case AuditEvent.KeyEvent key -> {
                if (!key.subjectPseudonym().isEmpty()) {
                    subjects(List.of(key.subjectPseudonym()));
                }
                yield key;
            }
            case AuditEvent.ReleaseStep release -> new AuditEvent.ReleaseStep(release.step(), release.releaseId(),
                    release.artifactDigest(), release.sourceDigest(), auditPrincipal.apply(release.actor()),
                    release.reason(), release.commitment(), release.statement(), release.at());
            // The engine's and the build's events name releases, digests and codes, never a subject or a principal.
            case AuditEvent.EngineEvent engine -> engine;
            case AuditEvent.ModelLineage lineage -> lineage;
            case AuditEvent.BuildMeasured build -> build;
        };
    }

    /** Caller text has no place in a flow record; none of the refusals echoes the value. */
    private static AuditEvent.Flow flow(AuditEvent.Flow flow) {
        if (!FLOW_ID.matcher(flow.flowId()).matches()) {
            throw new IllegalArgumentException("a flow event names a declared flow or (undeclared), never the name a "
                    + "caller sent");
        }
        if (!QUERY.matcher(flow.query()).matches()) {
            throw new IllegalArgumentException("a flow event's query must be the gateway's canonical rendering of a "
                    + "validated request (declared fields; numbers or hmac: commitments), never the request as sent");
        }
        if (!CODE.matcher(flow.reason()).matches()) {
            throw new IllegalArgumentException("a flow event's reason must be a refusal code such as "
                    + "field-not-declared, never a sentence");
        }
        return flow;
    }

    private static void subjects(List<String> pseudonyms) {
        if (pseudonyms.size() > MAX_SUBJECTS) {
            throw new IllegalArgumentException("an audit event names at most " + MAX_SUBJECTS + " subjects, got "
                    + pseudonyms.size() + "; split it");
        }
        for (String pseudonym : pseudonyms) {
            if (!isPseudonym(pseudonym)) {
                // The value itself is not echoed: it may be the personal data this check keeps out.
                throw new IllegalArgumentException("an audit event names a subject by something other than its "
                        + "pseudonym (ps1: and 32 hex digits, from Vault.pseudonym)");
            }
        }
    }
}
