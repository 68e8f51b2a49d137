package org.custos.lockbox;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;

/** The lockbox's HTTP API (docs/lockbox.md): filing, withdrawing, deciding, revoking requests, reading under a grant. */
final class LockboxRoutes {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 100;

    private final LockboxStore store;
    private final GrantedReads reads;
    private final Callers callers;
    private final SubjectData subjects;
    private final LockboxSettings settings;

    LockboxRoutes(LockboxStore store, GrantedReads reads, Callers callers, SubjectData subjects,
                  LockboxSettings settings) {
        this.store = store;
        this.reads = reads;
        this.callers = callers;
        this.subjects = subjects;
        this.settings = settings;
    }

    void register(HttpRules rules) {
        rules.post("/v1/lockbox/requests", this::file)
                .get("/v1/lockbox/requests", this::list)
                .get("/v1/lockbox/requests/{id}", this::show)
                .post("/v1/lockbox/requests/{id}/approve", this::approve)
                .post("/v1/lockbox/requests/{id}/deny", this::deny)
                .post("/v1/lockbox/requests/{id}/withdraw", this::withdraw)
                .post("/v1/lockbox/grants/{id}/revoke", this::revoke)
                .get("/v1/lockbox/grants/{id}/data", this::read);
    }

    private void file(ServerRequest request, ServerResponse response) {
        Caller caller = require(request, LockboxRole.REQUESTER);
        Map<String, List<Column>> scopes = subjects.scopes();
        RequestForm form = RequestForm.read(request, scopes.keySet(), settings.maxDuration());
        Optional<SubjectId> found = switch (form.subject()) {
            case RequestForm.Subject.ById byId -> subjects.byId(byId.id());
            case RequestForm.Subject.ByHandle byHandle -> subjects.byHandle(byHandle.handle());
        };
        SubjectId subject = found.orElseThrow(
                () -> LockboxProblem.invalid(Map.of("subject", "no user has this id or handle")));
        Set<Column> columns = new LinkedHashSet<>();
        form.scopes().forEach(scope -> columns.addAll(scopes.get(scope)));
        AccessRequest filed = store.file(caller.principal(), subject, form.scopes(), new ArrayList<>(columns),
                form.purpose(), form.justification(), form.duration(), settings.approvalRule());
        response.header("Location", "/v1/lockbox/requests/" + filed.id());
        Json.send(response, Status.CREATED_201, filed.view());
    }

    private void list(ServerRequest request, ServerResponse response) {
        Caller caller = operator(request);
        // Approvers see every request; a requester sees their own.
        Optional<String> requester;
        if (caller.has(LockboxRole.APPROVER)) {
            requester = Optional.empty();
        } else if (caller.has(LockboxRole.REQUESTER)) {
            requester = Optional.of(caller.principal().id());
        } else {
            throw LockboxProblem.of(ProblemType.FORBIDDEN, "This needs a lockbox role.");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        var query = request.query();
        Optional<RequestState> state = query.first("state").asOptional().flatMap(s -> {
            try {
                return Optional.of(RequestState.ofWireName(s));
            } catch (IllegalArgumentException e) {
                errors.put("state", "one of " + RequestState.wireNames());
                return Optional.empty();
            }
        });
        int limit = (int) number(query.first("limit").asOptional(), "limit", 1, MAX_LIMIT, DEFAULT_LIMIT, errors);
        long before = number(query.first("before").asOptional(), "before", 1, Long.MAX_VALUE, Long.MAX_VALUE, errors);
        if (!errors.isEmpty()) {
            throw LockboxProblem.invalid(errors);
        }
        List<AccessRequest> page = store.list(state, requester, before, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.stream().map(AccessRequest::view).toList());
        out.put("next", page.size() == limit ? Long.toString(page.getLast().id()) : null);
        Json.send(response, Status.OK_200, out);
    }

    private void show(ServerRequest request, ServerResponse response) {
        Caller caller = operator(request);
        long id = id(request);
        AccessRequest found = store.find(id)
                .filter(r -> caller.has(LockboxRole.APPROVER)
                        || (caller.has(LockboxRole.REQUESTER) && r.requester().equals(caller.principal().id())))
                .orElseThrow(() -> LockboxStore.notFound(id));
        Json.send(response, Status.OK_200, found.view());
    }

    private void approve(ServerRequest request, ServerResponse response) {
        Caller caller = require(request, LockboxRole.APPROVER);
        Json.send(response, Status.OK_200, store.approve(id(request), caller.principal()).view());
    }

    private void deny(ServerRequest request, ServerResponse response) {
        Caller caller = require(request, LockboxRole.APPROVER);
        Json.send(response, Status.OK_200, store.deny(id(request), caller.principal()).view());
    }

    /** The requester takes back their own pending request; nobody else may (an approver denies instead). */
    private void withdraw(ServerRequest request, ServerResponse response) {
        Caller caller = require(request, LockboxRole.REQUESTER);
        Json.send(response, Status.OK_200,
                store.withdraw(id(request), caller.principal(), caller.has(LockboxRole.APPROVER)).view());
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        Caller caller = require(request, LockboxRole.APPROVER);
        Json.send(response, Status.OK_200, store.revoke(id(request), caller.principal()).view());
    }

    private void read(ServerRequest request, ServerResponse response) {
        Caller caller = operator(request);
        long id = id(request);
        Optional<String> asked = request.query().first("scope").asOptional();
        Json.send(response, Status.OK_200, reads.read(caller, id, asked));
    }

    private Caller operator(ServerRequest request) {
        Caller caller = callers.identify(request).orElseThrow(() -> LockboxProblem.of(ProblemType.UNAUTHENTICATED,
                "Send a live operator token as 'Authorization: Bearer <token>'."));
        if (!caller.isOperator()) {
            throw LockboxProblem.of(ProblemType.FORBIDDEN, "The lockbox is for operators.");
        }
        return caller;
    }

    private Caller require(ServerRequest request, LockboxRole role) {
        Caller caller = operator(request);
        if (!caller.has(role)) {
            throw LockboxProblem.of(ProblemType.FORBIDDEN, "This needs the lockbox role " + role + ".");
        }
        return caller;
    }

    private static long id(ServerRequest request) {
        String raw = request.path().pathParameters().get("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw LockboxProblem.of(ProblemType.NOT_FOUND, "There is no access request with that id.");
    }

    private static long number(Optional<String> raw, String name, long min, long max, long fallback,
                               Map<String, String> errors) {
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.put(name, "must be a whole number from " + min + (max == Long.MAX_VALUE ? "" : " to " + max));
        return fallback;
    }
}
