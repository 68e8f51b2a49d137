package org.custos.server;

import java.time.Clock;
import java.util.EnumSet;

import java.util.Set;
import org.custos.app.App;
import org.custos.app.accounts.AuthenticatedOperator;
import org.custos.app.accounts.AuthenticatedUser;
import org.custos.app.accounts.Role;
import org.custos.release.Caller;
import org.custos.release.ReleaseGate;
import org.custos.release.ReleaseRole;
import org.custos.release.ReleaseSettings;
import org.custos.release.SigningKeySettings;
import org.custos.release.build.DependencyStore;
import org.custos.server.audit.AuditLog;
import org.custos.tlog.verify.LogSource;
import org.custos.vault.Secret;

/**
 * The release gate as the server runs it: its callers are the app's operators (owner engineers submit, custodian
 * approvers review, custodian administrators deploy and revoke, every operator role reads), and admission reads
 * the server's own transparency log through its public file layout, as any outsider would.
 */
final class ReleaseServices {
    private ReleaseServices() {
    }

    /** The gate's settings with the configured signing key; a token's PIN is read now, not before. */
    private static ReleaseSettings releaseSettings(ServerConfig config) {
        return switch (config.releaseKey()) {
            case ReleaseKeySettings.LocalFile local -> config.release();
            case ReleaseKeySettings.Pkcs11 token -> {
                char[] pin = token.pin().read(config.dataDir());
                try {
                    yield config.release().withSigning(new SigningKeySettings.Pkcs11(
                            config.resolve(token.configFile()), Secret.of(pin), token.label()));
                } finally {
                    java.util.Arrays.fill(pin, '\0');
                }
            }
        };
    }

    static ReleaseGate open(ServerConfig config, Boundary boundary, App app, AuditLog auditLog, Clock clock) {
        LogSource log = LogSource.of(config.resolve(config.auditLog().directory()).toString());
        return ReleaseGate.create(boundary.dataSource(), boundary.vault(), clock, releaseSettings(config),
                request -> app.authenticator().caller(request).map(caller -> switch (caller) {
                    case AuthenticatedOperator operator -> new Caller(operator.principal(), roles(operator.roles()));
                    case AuthenticatedUser user -> new Caller(user.principal(), Set.of());
                }), log, auditLog.verifierKey(), DependencyStore.mavenLocal(config.releaseDependencies()));
    }

    static Set<ReleaseRole> roles(Set<Role> roles) {
        Set<ReleaseRole> out = EnumSet.noneOf(ReleaseRole.class);
        if (!roles.isEmpty()) {
            out.add(ReleaseRole.READER);
        }
        if (roles.contains(Role.OWNER_ENGINEER)) {
            out.add(ReleaseRole.SUBMITTER);
        }
        if (roles.contains(Role.CUSTODIAN_APPROVER)) {
            out.add(ReleaseRole.REVIEWER);
        }
        if (roles.contains(Role.CUSTODIAN_ADMIN)) {
            out.add(ReleaseRole.ADMIN);
        }
        return out;
    }

}
