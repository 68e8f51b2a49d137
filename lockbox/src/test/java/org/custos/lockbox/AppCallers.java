package org.custos.lockbox;

import io.helidon.webserver.http.ServerRequest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.custos.app.App;
import org.custos.app.accounts.AuthenticatedOperator;
import org.custos.app.accounts.AuthenticatedUser;
import org.custos.app.accounts.Role;

/** The app's authenticator seen through {@link Callers}, as the server adapts it. */
final class AppCallers implements Callers {
    private final App app;

    AppCallers(App app) {
        this.app = app;
    }

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
