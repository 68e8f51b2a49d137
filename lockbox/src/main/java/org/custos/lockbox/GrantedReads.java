package org.custos.lockbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.custos.vault.AccessContext;
import org.custos.vault.AuditUnavailableException;
import org.custos.vault.Column;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectShreddedException;

/**
 * Reading a subject's data under a grant. The read goes ahead only if the caller is the grant's requester, the
 * grant is GRANTED, its time box is not over (whether or not the sweeper has run) and every scope asked for was
 * granted; then every value is opened through the vault in {@code AccessContext(operator, purpose, grant)}, so each
 * is a logged {@code ProtectedRead} naming the grant. Anything else is refused with 403 and a REFUSED step.
 *
 * <p>The grant's row is share-locked for the duration of the read: a revocation waits for reads in flight and
 * every read after it commits is refused.
 */
final class GrantedReads {
    /** The purpose a REFUSED step names when there is no request to take one from. */
    static final Purpose NO_GRANT = new Purpose("lockbox.no-grant");

    private final LockboxStore store;
    private final SubjectData subjects;
    private final Clock clock;

    GrantedReads(LockboxStore store, SubjectData subjects, Clock clock) {
        this.store = store;
        this.subjects = subjects;
        this.clock = clock;
    }

    private sealed interface Outcome {
        record Served(Map<String, Object> body) implements Outcome {
        }

        record Refused(String why, Purpose purpose, List<Column> columns, List<String> subjects)
                implements Outcome {
        }
    }

    /**
     * @param scopeParameter the {@code scope} query parameter: comma-separated scope names; absent means every
     *     scope of the grant
     */
    Map<String, Object> read(Caller caller, long id, Optional<String> scopeParameter) {
        Map<String, List<Column>> known = subjects.scopes();
        Optional<Set<String>> asked = scopeParameter.map(raw -> {
            Set<String> names = new LinkedHashSet<>(List.of(raw.split(",", -1)));
            if (names.isEmpty() || !known.keySet().containsAll(names)) {
                throw LockboxProblem.invalid(Map.of("scope",
                        "comma-separated scopes among " + known.keySet().stream().sorted().toList()));
            }
            return names;
        });
        Outcome outcome = store.whileGrantHeld(id, found -> {
            if (found.isEmpty()) {
                return new Outcome.Refused("there is no grant " + id, NO_GRANT,
                        columns(known, asked.orElse(Set.of())), List.of());
            }
            AccessRequest grant = found.get();
            Set<String> scopes = asked.orElse(new LinkedHashSet<>(grant.scopes()));
            String why = refusal(caller, grant, scopes);
            if (why != null) {
                return new Outcome.Refused(why, grant.purpose(), columns(known, scopes),
                        List.of(grant.subjectPseudonym()));
            }
            AccessContext context = new AccessContext(caller.principal(), grant.purpose(), grant.auditId());
            Map<String, Object> data;
            try {
                data = subjects.read(context, grant.subject(), scopes).orElseThrow(GrantedReads::gone);
            } catch (SubjectShreddedException e) {
                throw LockboxProblem.of(ProblemType.GONE, "The subject's data was erased.", e);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("grant", grant.id());
            body.put("purpose", grant.purpose().name());
            body.put("scopes", List.copyOf(scopes));
            body.put("expiresAt", grant.expiresAt().orElseThrow().toString());
            body.put("data", data);
            return new Outcome.Served(body);
        });
        return switch (outcome) {
            case Outcome.Served served -> served.body();
            case Outcome.Refused refused -> {
                try {
                    store.refused(AccessRequest.auditId(id), caller.principal(), refused.purpose(),
                            refused.columns(), refused.subjects());
                } catch (AuditUnavailableException e) {
                    // Still refused; the caller learns the trail is down rather than that the refusal was logged.
                    throw LockboxProblem.of(ProblemType.UNAVAILABLE,
                            "Refused, and the audit trail could not record it; try again later.", e);
                }
                throw LockboxProblem.of(ProblemType.NO_GRANT, "Refused and logged: " + refused.why() + ".");
            }
        };
    }

    /** Why {@code caller} may not read {@code scopes} under {@code grant} now, or null when they may. */
    private String refusal(Caller caller, AccessRequest grant, Set<String> scopes) {
        if (!caller.has(LockboxRole.REQUESTER) || !grant.requester().equals(caller.principal().id())) {
            return "grant " + grant.id() + " was not made to this operator";
        }
        if (grant.state() != RequestState.GRANTED) {
            return "request " + grant.id() + " is " + grant.state().wireName();
        }
        if (!grant.grantsAt(clock.instant())) {
            return "grant " + grant.id() + " has expired";
        }
        if (!grant.scopes().containsAll(scopes)) {
            return "grant " + grant.id() + " covers only " + grant.scopes();
        }
        return null;
    }

    private static List<Column> columns(Map<String, List<Column>> known, Set<String> scopes) {
        Set<Column> out = new LinkedHashSet<>();
        scopes.forEach(scope -> out.addAll(known.getOrDefault(scope, List.of())));
        return new ArrayList<>(out);
    }

    private static LockboxProblem gone() {
        return LockboxProblem.of(ProblemType.GONE, "The subject no longer exists.");
    }
}
