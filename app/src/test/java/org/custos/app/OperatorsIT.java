package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.custos.app.accounts.AuthenticatedOperator;
import org.custos.app.accounts.DuplicateOperatorException;
import org.custos.app.accounts.OperatorCredentials;
import org.custos.app.accounts.Operators;
import org.custos.app.accounts.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

// Bootstrapping needs an empty operator table, so it runs first.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorsIT {
    private static AppHarness harness;

    @BeforeAll
    static void start() {
        // A route as a later admin feature would write it, guarded by the shared Authenticator.
        harness = new AppHarness(AppHarness.testSettings(), (app, routing) -> routing.get("/test/approvals",
                (request, response) -> {
                    AuthenticatedOperator operator = app.authenticator()
                            .requireOperator(request, Role.CUSTODIAN_APPROVER, Role.CUSTODIAN_ADMIN);
                    org.custos.app.http.Json.send(response, Status.OK_200, Map.of("principal",
                            operator.principal().toString(), "roles", operator.roles().toString()));
                }));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    @Order(1)
    void bootstrapFirstCustodian_concurrently_createsExactlyOneAndThenNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Optional<OperatorCredentials>>> results = new ArrayList<>();
        Callable<Optional<OperatorCredentials>> bootstrap = () -> harness.app.operators().bootstrapFirstCustodian();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(bootstrap));
        }
        List<OperatorCredentials> created = new ArrayList<>();
        for (Future<Optional<OperatorCredentials>> result : results) {
            result.get().ifPresent(created::add);
        }
        pool.shutdown();

        assertThat(created).hasSize(1);
        OperatorCredentials first = created.getFirst();
        assertThat(first.name()).isEqualTo(Operators.FIRST_CUSTODIAN);
        assertThat(first.roles()).containsExactly(Role.CUSTODIAN_ADMIN);
        assertThat(first.password()).matches("[A-Za-z0-9_-]{32}");
        assertThat(first.toString()).doesNotContain(first.password());
        assertThat(harness.app.operators().bootstrapFirstCustodian()).isEmpty();

        String token = operatorLogIn(first.name(), first.password()).text("token");
        Reply guarded = harness.get("/test/approvals", token);
        assertThat(guarded.status()).isEqualTo(200);
        assertThat(guarded.text("roles")).isEqualTo("[CUSTODIAN_ADMIN]");
    }

    @Test
    void operatorLogIn_answersAShorterLivedToken() {
        OperatorCredentials approver = harness.app.operators().create("approver.one", Set.of(Role.CUSTODIAN_APPROVER));

        Reply reply = operatorLogIn("approver.one", approver.password());

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.text("expiresAt"))
                .isEqualTo(harness.clock.instant().plus(java.time.Duration.ofHours(8)).toString());
        Reply guarded = harness.get("/test/approvals", reply.text("token"));
        assertThat(guarded.text("principal")).startsWith("operator:operator-");
    }

    @Test
    void operatorWithoutTheRole_isForbidden() {
        OperatorCredentials regulator = harness.app.operators().create("regulator.one", Set.of(Role.REGULATOR));
        String token = operatorLogIn("regulator.one", regulator.password()).text("token");

        Reply reply = harness.get("/test/approvals", token);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.problem()).isEqualTo("forbidden");
    }

    @Test
    void userToken_onOperatorRoute_isForbidden() {
        harness.signUp("plain_user");
        String token = harness.logIn("plain_user", AppHarness.PASSWORD);

        assertThat(harness.get("/test/approvals", token).status()).isEqualTo(403);
        assertThat(harness.get("/test/approvals", null).status()).isEqualTo(401);
    }

    @Test
    void operatorLogIn_wrongPasswordOrUnknownName_getTheSameAnswer() {
        harness.app.operators().create("engineer.one", Set.of(Role.OWNER_ENGINEER));

        Reply wrong = operatorLogIn("engineer.one", "not the password");
        Reply unknown = operatorLogIn("engineer.none", "not the password");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
    }

    @Test
    void operatorLogIn_userCredentials_doNotWork() {
        harness.signUp("not_staff");

        assertThat(operatorLogIn("not_staff", AppHarness.PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void create_duplicateNameOrBadInput_isRefused() {
        harness.app.operators().create("dup.name", Set.of(Role.REGULATOR));

        assertThatThrownBy(() -> harness.app.operators().create("dup.name", Set.of(Role.REGULATOR)))
                .isInstanceOf(DuplicateOperatorException.class).hasMessageContaining("dup.name");
        assertThatThrownBy(() -> harness.app.operators().create("Bad Name", Set.of(Role.REGULATOR)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> harness.app.operators().create("no.roles", Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void changeOperatorPassword_replacesTheOneTimePasswordAndEndsOtherSessions() {
        OperatorCredentials created = harness.app.operators().create("rotating.op", Set.of(Role.REGULATOR));
        String here = operatorLogIn("rotating.op", created.password()).text("token");
        String elsewhere = operatorLogIn("rotating.op", created.password()).text("token");

        Reply wrong = harness.put("/v1/operators/me/password", AppHarness.json(Map.of("currentPassword",
                "not it at all", "newPassword", "my own operator passphrase")), here);
        Reply weak = harness.put("/v1/operators/me/password", AppHarness.json(Map.of("currentPassword",
                created.password(), "newPassword", "short")), here);
        Reply changed = harness.put("/v1/operators/me/password", AppHarness.json(Map.of("currentPassword",
                created.password(), "newPassword", "my own operator passphrase")), here);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.problem()).isEqualTo("invalid-credentials");
        assertThat(weak.errorFields()).containsExactly("newPassword");
        assertThat(changed.status()).isEqualTo(204);
        assertThat(harness.delete("/v1/sessions/current", elsewhere).status()).isEqualTo(401);
        assertThat(operatorLogIn("rotating.op", created.password()).status()).isEqualTo(401);
        assertThat(operatorLogIn("rotating.op", "my own operator passphrase").status()).isEqualTo(201);
        assertThat(harness.delete("/v1/sessions/current", here).status()).isEqualTo(204);
    }

    @Test
    void changeOperatorPassword_withUserToken_isForbidden() {
        harness.signUp("not_an_operator");
        String token = harness.logIn("not_an_operator", AppHarness.PASSWORD);

        Reply reply = harness.put("/v1/operators/me/password", AppHarness.json(Map.of("currentPassword",
                AppHarness.PASSWORD, "newPassword", "some new passphrase")), token);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(harness.logIn("not_an_operator", AppHarness.PASSWORD)).isNotBlank();
    }

    private static Reply operatorLogIn(String name, String password) {
        return harness.post("/v1/operator-sessions", AppHarness.json(Map.of("name", name, "password", password)));
    }
}
