package org.custos.server.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.custos.release.AdmittedRelease;
import org.custos.release.confine.ConfinedProcess;
import org.custos.release.confine.ConfinementSettings;
import org.custos.release.confine.LaunchSpec;
import org.custos.release.confine.Sandbox;

/**
 * Starts admitted releases in the release module's {@link Sandbox} (bubblewrap; or, with the development setting,
 * a plain child process, which the supervisor logs as unconfined). The sandbox runs its own copy of the bundle;
 * the launcher refuses to go on if that copy's digest is not the admitted one.
 */
final class ConfinedLauncher implements EngineLauncher {
    private final Sandbox sandbox;
    private final List<String> jvmFlags;

    ConfinedLauncher(Sandbox sandbox, List<String> jvmFlags) {
        this.sandbox = sandbox;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    @Override
    public EngineProcess launch(AdmittedRelease release, Path stateDirectory, String name) throws IOException {
        ConfinedProcess process = sandbox.start(LaunchSpec.of(release.artifact(), release.mainClass(),
                stateDirectory, name).withJvmFlags(jvmFlags));
        if (!process.bundleDigest().equals(release.artifactDigest().toString())) {
            process.kill();
            throw new IOException("the sandbox's copy of " + release.id() + " has digest " + process.bundleDigest()
                    + ", not the admitted " + release.artifactDigest() + ": the artifact changed after admission");
        }
        String confinement = describe(process);
        return new EngineProcess() {
            @Override
            public OutputStream toEngine() {
                return process.stdin();
            }

            @Override
            public InputStream fromEngine() {
                return process.stdout();
            }

            @Override
            public CompletableFuture<Integer> exit() {
                return process.onExit().thenApply(p -> p.exitCode().orElse(-1));
            }

            @Override
            public void kill() {
                process.kill();
            }

            @Override
            public String confinement() {
                return confinement;
            }
        };
    }

    @Override
    public boolean confined() {
        return sandbox.settings().mode() == ConfinementSettings.Mode.BUBBLEWRAP;
    }

    private static String describe(ConfinedProcess process) {
        var limits = process.limits();
        StringBuilder out = new StringBuilder(limits.mode().settingValue());
        out.append(", memory ").append(limits.memoryBytes() >> 20).append(" MiB by ").append(limits.memory())
                .append(", cpu ").append(limits.cpus()).append(" by ").append(limits.cpu())
                .append(", seccomp ").append(limits.seccomp() ? "on" : "off");
        if (!limits.gaps().isEmpty()) {
            out.append(", not enforced: ").append(String.join("; ", limits.gaps()));
        }
        return out.toString();
    }
}
