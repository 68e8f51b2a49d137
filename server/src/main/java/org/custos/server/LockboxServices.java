package org.custos.server;

import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.custos.app.App;
import org.custos.app.DataScope;
import org.custos.app.accounts.AuthenticatedOperator;
import org.custos.app.accounts.AuthenticatedUser;
import org.custos.app.accounts.Role;
import org.custos.lockbox.Caller;
import org.custos.lockbox.Callers;
import org.custos.lockbox.Lockbox;
import org.custos.lockbox.LockboxRole;
import org.custos.lockbox.LockboxSettings;
import org.custos.lockbox.WebhookSecret;
import org.custos.lockbox.SubjectData;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;

/**
 * The lockbox as the server runs it: its callers are the app's operators (owner engineers request, custodian
 * approvers decide), and the data it grants is the app's user data, by {@link DataScope}.
 */
final class LockboxServices {
    private LockboxServices() {
    }

    static Lockbox create(Boundary boundary, App app, ServerConfig config, Clock clock) {
        return Lockbox.create(boundary.dataSource(), boundary.vault(), clock, settings(config), new Operators(app),
                new Users(app));
    }

    /** The configured settings with the webhook secret, read now (a missing secret file fails the start). */
    static LockboxSettings settings(ServerConfig config) {
        if (config.lockboxWebhookSecret() instanceof SecretSource.None) {
            return config.lockbox();
        }
        char[] secret = config.lockboxWebhookSecret().read(config.dataDir());
        try {
            return config.lockbox().withWebhookSecret(Optional.of(WebhookSecret.of(secret)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("lockbox.webhook.secret", String.valueOf(e.getMessage()), e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** Bearer token to caller through the app's authenticator; the roles map onto the lockbox's. */
    private record Operators(App app) implements Callers {
        @Override
        public Optional<Caller> identify(ServerRequest request) {
            return app.authenticator().caller(request).map(caller -> switch (caller) {
                case AuthenticatedOperator operator -> new Caller(operator.principal(), roles(operator.roles()));
                case AuthenticatedUser user -> new Caller(user.principal(), Set.of());
            });
        }

        private static Set<LockboxRole> roles(Set<Role> roles) {
            Set<LockboxRole> out = EnumSet.noneOf(LockboxRole.class);
            if (roles.contains(Role.OWNER_ENGINEER)) {
                out.add(LockboxRole.REQUESTER);
            }
            if (roles.contains(Role.CUSTODIAN_APPROVER)) {
                out.add(LockboxRole.APPROVER);
            }
            return out;
        }
    }

    /** The app's users and their data scopes. */
    private record Users(App app) implements SubjectData {
        @Override
        public Map<String, List<Column>> scopes() {
            Map<String, List<Column>> out = new LinkedHashMap<>();
            for (DataScope scope : DataScope.values()) {
                out.put(scope.wireName(), scope.columns());
            }
            return out;
        }

        @Override
        public Optional<SubjectId> byId(long id) {
            SubjectId subject = new SubjectId(id);
            // With no scope nothing protected is opened: this only asks whether the account exists.
            return app.userData(AccessContext.self(subject), subject, Set.of()).map(found -> subject);
        }

        @Override
        public Optional<SubjectId> byHandle(String handle) {
            return app.userByHandle(handle);
        }

        @Override
        public Optional<Map<String, Object>> read(AccessContext context, SubjectId subject, Set<String> scopes) {
            Set<DataScope> wanted = EnumSet.noneOf(DataScope.class);
            for (String name : scopes) {
                wanted.add(DataScope.ofWireName(name)
                        .orElseThrow(() -> new IllegalArgumentException("not a data scope: " + name)));
            }
            return app.userData(context, subject, wanted);
        }
    }
}
