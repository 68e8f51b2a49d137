package org.custos.release;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * What the host needs from an algorithm bundle's manifest: its entry point ({@code Main-Class}, run as
 * {@code java -cp bundle.jar <Main-Class>}, never {@code -jar}), the protocol version it speaks
 * ({@code Custos-Protocol-Version}) and its name ({@code Custos-Bundle-Name}, the statement's subject).
 */
record BundleManifest(String mainClass, int protocolVersion, String bundleName) {
    static final String PROTOCOL_VERSION = "Custos-Protocol-Version";
    static final String BUNDLE_NAME = "Custos-Bundle-Name";
    private static final Pattern CLASS_NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** The subject name of the release's statement: the bundle's file name. */
    String fileName() {
        return bundleName + ".jar";
    }

    /**
     * Reads and checks the manifest of the jar at {@code jar}.
     *
     * @throws ReleaseException {@link ReleaseProblem#INVALID_ARTIFACT} naming what is wrong
     */
    static BundleManifest read(Path jar, Set<Integer> supportedVersions) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                throw invalid("the artifact has no META-INF/MANIFEST.MF");
            }
            Attributes main = manifest.getMainAttributes();
            String mainClass = main.getValue(Attributes.Name.MAIN_CLASS);
            if (mainClass == null || mainClass.isBlank()) {
                throw invalid("the artifact's manifest has no Main-Class (the entry point the host runs)");
            }
            mainClass = mainClass.strip();
            if (!CLASS_NAME.matcher(mainClass).matches()) {
                throw invalid("the manifest's Main-Class is not a binary class name");
            }
            if (file.getEntry(mainClass.replace('.', '/') + ".class") == null) {
                throw invalid("the manifest's Main-Class " + mainClass + " is not in the artifact");
            }
            String version = main.getValue(PROTOCOL_VERSION);
            if (version == null || !version.strip().matches("[1-9][0-9]{0,4}")) {
                throw invalid("the artifact's manifest needs " + PROTOCOL_VERSION + ", a whole number; this host "
                        + "speaks " + supportedVersions);
            }
            int protocol = Integer.parseInt(version.strip());
            if (!supportedVersions.contains(protocol)) {
                throw invalid("the artifact speaks protocol version " + protocol + "; this host speaks "
                        + supportedVersions);
            }
            String name = main.getValue(BUNDLE_NAME);
            if (name == null || !NAME.matcher(name.strip()).matches()) {
                throw invalid("the artifact's manifest needs " + BUNDLE_NAME + " matching " + NAME.pattern());
            }
            return new BundleManifest(mainClass, protocol, name.strip());
        } catch (ZipException | SecurityException e) {
            throw ReleaseException.of(ReleaseProblem.INVALID_ARTIFACT, "the artifact is not a jar (zip) file", e);
        } catch (IOException e) {
            throw ReleaseException.of(ReleaseProblem.INVALID_ARTIFACT, "the artifact cannot be read as a jar: "
                    + e.getMessage(), e);
        }
    }

    private static ReleaseException invalid(String detail) {
        return ReleaseException.of(ReleaseProblem.INVALID_ARTIFACT, detail);
    }
}
