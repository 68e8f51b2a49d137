package org.custos.app.accounts;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.custos.app.http.Json;
import org.custos.app.http.JsonBody;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;
import org.custos.vault.SubjectId;

/**
 * Sign-up, the caller's own account ({@code /v1/me}) and public profiles. Every handler validates the whole body
 * before it changes anything, and a user can only ever reach their own account: the account is taken from the
 * token, never from the request.
 */
final class AccountRoutes {
    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final Authenticator authenticator;
    private final LoginThrottle perAccount;
    private final AccountSettings settings;
    private final Clock clock;

    AccountRoutes(AccountStore accounts, PasswordHasher hasher, Authenticator authenticator, LoginThrottle perAccount,
                  AccountSettings settings, Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.authenticator = authenticator;
        this.perAccount = perAccount;
        this.settings = settings;
        this.clock = clock;
    }

    void register(HttpRules rules) {
        rules.post("/v1/accounts", this::signUp)
                .get("/v1/me", this::me)
                .patch("/v1/me", this::updateMe)
                .put("/v1/me/password", this::changePassword)
                .get("/v1/users/{handle}", this::publicProfile);
    }

    record ProfileView(long id, String handle, String displayName, String email, String birthDate, String region,
                       String createdAt, String updatedAt) {
        static ProfileView of(Account.Profile p) {
            return new ProfileView(p.id(), p.handle(), p.displayName(), p.email(), p.birthDate().toString(),
                    p.region(), p.createdAt().toString(), p.updatedAt().toString());
        }
    }

    record PublicView(String handle, String displayName) {
    }

    private void signUp(ServerRequest request, ServerResponse response) {
        JsonBody body = JsonBody.read(request, settings.maxBodyBytes());
        Optional<String> handle = AccountFields.handle(body, "handle", body.requiredString("handle"));
        Optional<String> displayName = AccountFields.displayName(body, "displayName",
                body.requiredString("displayName"));
        Optional<String> email = AccountFields.email(body, "email", body.requiredString("email"));
        Optional<String> password = AccountFields.password(body, "password", body.requiredString("password"));
        Optional<LocalDate> birthDate = AccountFields.birthDate(body, "birthDate", body.requiredString("birthDate"),
                today(), settings.minimumAge());
        Optional<String> region = AccountFields.region(body, "region", body.requiredString("region"));
        body.finish();
        String hash = hasher.hash(password.orElseThrow());
        long id = accounts.create(new Account.New(handle.orElseThrow(), displayName.orElseThrow(),
                email.orElseThrow(), birthDate.orElseThrow(), region.orElseThrow(), hash), clock.instant());
        AuthenticatedUser self = new AuthenticatedUser(new SubjectId(id), clock.instant());
        response.header("Location", "/v1/me");
        Json.send(response, Status.CREATED_201, ProfileView.of(profileOf(self)));
    }

    private void me(ServerRequest request, ServerResponse response) {
        AuthenticatedUser user = authenticator.requireUser(request);
        Json.send(response, Status.OK_200, ProfileView.of(profileOf(user)));
    }

    private void updateMe(ServerRequest request, ServerResponse response) {
        AuthenticatedUser user = authenticator.requireUser(request);
        JsonBody body = JsonBody.read(request, settings.maxBodyBytes());
        Account.Change change = new Account.Change(
                AccountFields.displayName(body, "displayName", body.optionalString("displayName")),
                AccountFields.email(body, "email", body.optionalString("email")),
                AccountFields.birthDate(body, "birthDate", body.optionalString("birthDate"), today(),
                        settings.minimumAge()),
                AccountFields.region(body, "region", body.optionalString("region")));
        if (body.has("handle")) {
            body.requiredString("handle");
            body.reject("handle", "cannot be changed");
        }
        if (body.has("password")) {
            body.requiredString("password");
            body.reject("password", "is changed with PUT /v1/me/password");
        }
        body.finish();
        if (change.isEmpty()) {
            throw ProblemException.of(ProblemType.VALIDATION,
                    "Send at least one of displayName, email, birthDate, region.");
        }
        accounts.update(user.subject(), change, clock.instant());
        Json.send(response, Status.OK_200, ProfileView.of(profileOf(user)));
    }

    private void changePassword(ServerRequest request, ServerResponse response) {
        AuthenticatedUser user = authenticator.requireUser(request);
        JsonBody body = JsonBody.read(request, settings.maxBodyBytes());
        Optional<String> current = body.requiredString("currentPassword");
        Optional<String> next = AccountFields.password(body, "newPassword", body.requiredString("newPassword"));
        body.finish();
        Account.Login login = accounts.loginById(user.subject().value())
                .orElseThrow(Authenticator::unauthenticated);
        // Guessing the current password with a stolen token is throttled like guessing it at log-in.
        SessionRoutes.throttle(perAccount, SessionRoutes.userKey(login.id()));
        if (!hasher.verify(current.orElseThrow(), login.passwordHash())) {
            throw ProblemException.of(ProblemType.INVALID_CREDENTIALS, "The current password is wrong.");
        }
        String hash = hasher.hash(next.orElseThrow());
        byte[] keep = Authenticator.token(request).orElseThrow(Authenticator::unauthenticated).hash();
        accounts.changePassword(user.subject(), hash, keep, clock.instant());
        response.status(Status.NO_CONTENT_204).send();
    }

    private void publicProfile(ServerRequest request, ServerResponse response) {
        String handle = request.path().pathParameters().get("handle");
        Optional<Account.Public> found = AccountFields.looksLikeHandle(handle)
                ? accounts.publicProfile(handle.toLowerCase(Locale.ROOT))
                : Optional.empty();
        Account.Public profile = found.orElseThrow(
                () -> ProblemException.of(ProblemType.NOT_FOUND, "No user has this handle."));
        Json.send(response, Status.OK_200, new PublicView(profile.handle(), profile.displayName()));
    }

    // A shredded subject's fields do not open; ProblemResponder answers 410 for that.
    private Account.Profile profileOf(AuthenticatedUser user) {
        return accounts.profile(user.self(), user.subject()).orElseThrow(Authenticator::unauthenticated);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
