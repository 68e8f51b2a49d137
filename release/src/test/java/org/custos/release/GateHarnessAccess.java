package org.custos.release;

import java.nio.file.Path;

/** The gate's test harness as tests in other packages (the command line's) see it. */
public final class GateHarnessAccess implements AutoCloseable {
    private final GateHarness h;

    private GateHarnessAccess(GateHarness h) {
        this.h = h;
    }

    public static GateHarnessAccess start() throws Exception {
        return new GateHarnessAccess(new GateHarness());
    }

    public String operator(String id, ReleaseRole... roles) {
        return h.operator(id, roles);
    }

    /** A built bundle: {jar, source archive}. */
    public Path[] bundle(String greeting) throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle(greeting);
        return new Path[] {bundle.artifact(), bundle.source()};
    }

    /** The flat directory the harness's locked jars live in. */
    public Path dependencies() {
        return h.bundles.dependencyStore();
    }

    public String url() {
        return h.base().toString();
    }

    public Path root() {
        return h.root;
    }

    public Path logDirectory() {
        return h.logDirectory;
    }

    public String logVerifierKey() {
        return h.logSigner.verifierKey().encode();
    }

    public String releaseKeyPem() {
        return h.gate.signingKeyPem();
    }

    public void drain() throws Exception {
        h.relay.drain();
    }

    @Override
    public void close() throws Exception {
        h.close();
    }
}
