package org.custos.app.accounts;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.custos.app.http.Json;
import org.custos.app.http.JsonBody;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;

/**
 * Log-in and log-out for users ({@code /v1/sessions}) and operators ({@code /v1/operator-sessions}), and the
 * operators' password change ({@code /v1/operators/me/password}).
 *
 * <p>A failed log-in gets the same answer, after the same amount of work, whether or not the account exists: an
 * unknown login name is checked against a decoy hash. Attempts are throttled per client address first (before any
 * lookup, so a flood costs little) and then per account, or per unknown login name.
 */
final class SessionRoutes {
    private final AccountStore accounts;
    private final Operators operators;
    private final SessionStore sessions;
    private final Authenticator authenticator;
    private final PasswordHasher hasher;
    private final LoginThrottle perAccount;
    private final LoginThrottle perAddress;
    private final AccountSettings settings;
    private final Clock clock;

    SessionRoutes(AccountStore accounts, Operators operators, SessionStore sessions, Authenticator authenticator,
                  PasswordHasher hasher, LoginThrottle perAccount, LoginThrottle perAddress, AccountSettings settings,
                  Clock clock) {
        this.accounts = accounts;
        this.operators = operators;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.hasher = hasher;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.settings = settings;
        this.clock = clock;
    }

    void register(HttpRules rules) {
        rules.post("/v1/sessions", this::logIn)
                .delete("/v1/sessions/current", this::logOut)
                .post("/v1/operator-sessions", this::operatorLogIn)
                .put("/v1/operators/me/password", this::changeOperatorPassword);
    }

    record SessionView(String token, String tokenType, String expiresAt) {
    }

    private void logIn(ServerRequest request, ServerResponse response) {
        JsonBody body = JsonBody.read(request, settings.maxBodyBytes());
        String login = body.requiredString("login").orElse("");
        String password = body.requiredString("password").orElse("");
        body.finish();
        throttle(perAddress, address(request));
        Optional<Account.Login> account = lookUp(login);
        throttle(perAccount, account.map(a -> userKey(a.id())).orElseGet(() -> unknownKey("user", login)));
        if (!check(password, account.map(Account.Login::passwordHash))) {
            throw wrongCredentials();
        }
        SessionStore.Issued issued = sessions.issue(new SessionStore.Owner.User(account.orElseThrow().id()),
                clock.instant(), settings.userTokenLifetime());
        send(response, issued);
    }

    private void operatorLogIn(ServerRequest request, ServerResponse response) {
        JsonBody body = JsonBody.read(request, settings.maxBodyBytes());
        String name = body.requiredString("name").orElse("");
        String password = body.requiredString("password").orElse("");
        body.finish();
        throttle(perAddress, address(request));
        Optional<Operators.Login> operator = operators.login(name);
        throttle(perAccount, operator.map(o -> "operator:" + o.id()).orElseGet(() -> unknownKey("operator", name)));
        if (!check(password, operator.map(Operators.Login::passwordHash))) {
            throw wrongCredentials();
        }
        SessionStore.Issued issued = sessions.issue(new SessionStore.Owner.Operator(operator.orElseThrow().id()),
                clock.instant(), settings.operatorTokenLifetime());
        send(response, issued);
    }

    /**
     * Operators get a generated one-time password; this is how they replace it. Other sessions of the operator end,
     * as for users.
     */
    private void changeOperatorPassword(ServerRequest request, ServerResponse response) {
        AuthenticatedOperator operator = authenticator.requireOperator(request);
        JsonBody body = JsonBody.read(request, settings.maxBodyBytes());
        Optional<String> current = body.requiredString("currentPassword");
        Optional<String> next = AccountFields.password(body, "newPassword", body.requiredString("newPassword"));
        body.finish();
        Operators.Login login = operators.loginById(operator.operatorId())
                .orElseThrow(Authenticator::unauthenticated);
        throttle(perAccount, "operator:" + login.id());
        if (!hasher.verify(current.orElseThrow(), login.passwordHash())) {
            throw ProblemException.of(ProblemType.INVALID_CREDENTIALS, "The current password is wrong.");
        }
        String hash = hasher.hash(next.orElseThrow());
        byte[] keep = Authenticator.token(request).orElseThrow(Authenticator::unauthenticated).hash();
        operators.changePassword(login.id(), hash, keep);
        response.status(Status.NO_CONTENT_204).send();
    }

    private void logOut(ServerRequest request, ServerResponse response) {
        BearerToken token = Authenticator.token(request).orElseThrow(Authenticator::unauthenticated);
        if (sessions.find(token, clock.instant()).isEmpty() || !sessions.revoke(token)) {
            throw Authenticator.unauthenticated();
        }
        response.status(Status.NO_CONTENT_204).send();
    }

    /** A login name is an email if it has an '@', otherwise a handle. */
    private Optional<Account.Login> lookUp(String login) {
        if (login.indexOf('@') >= 0) {
            return AccountFields.normaliseEmail(login).flatMap(accounts::loginByEmail);
        }
        return AccountFields.looksLikeHandle(login)
                ? accounts.loginByHandle(login.toLowerCase(Locale.ROOT))
                : Optional.empty();
    }

    private boolean check(String password, Optional<String> storedHash) {
        if (password.length() > 4 * AccountFields.PASSWORD_MAX) {
            return false;
        }
        if (storedHash.isEmpty()) {
            hasher.verifyDecoy(password);
            return false;
        }
        return hasher.verify(password, storedHash.get());
    }

    private void send(ServerResponse response, SessionStore.Issued issued) {
        Json.send(response, Status.CREATED_201,
                new SessionView(issued.token().reveal(), "Bearer", issued.expiresAt().toString()));
    }

    private static ProblemException wrongCredentials() {
        return ProblemException.of(ProblemType.INVALID_CREDENTIALS, "The login name or password is wrong.");
    }

    static void throttle(LoginThrottle throttle, String key) {
        Optional<Duration> wait = throttle.acquire(key);
        if (wait.isPresent()) {
            throw ProblemException.pushback(ProblemType.RATE_LIMITED, "Too many log-in attempts; retry later.",
                    wait.get());
        }
    }

    static String userKey(long id) {
        return "user:" + id;
    }

    // Unknown names are throttled too, by a digest so that the throttle's memory holds no typed emails.
    private static String unknownKey(String kind, String login) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(login.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return kind + "?" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static String address(ServerRequest request) {
        SocketAddress address = request.remotePeer().address();
        return "address:" + (address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : request.remotePeer().host());
    }
}
