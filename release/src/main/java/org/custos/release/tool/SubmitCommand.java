package org.custos.release.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.custos.release.Sha256Digest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code custos release submit ARTIFACT SOURCE}: uploads both blobs and submits the release. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Upload an algorithm bundle and its source archive and submit them as a release (OWNER_ENGINEER).")
final class SubmitCommand extends GateCall {
    @Parameters(index = "0", paramLabel = "ARTIFACT", description = "the bundle jar")
    Path artifact;

    @Parameters(index = "1", paramLabel = "SOURCE", description = "its source archive (zip with BUILD.properties and deps.lock)")
    Path source;

    @Option(names = "--notes", description = "release notes (kept inside the boundary; the log gets their digest)")
    String notes;

    @Option(names = "--notes-file", description = "read the release notes from FILE")
    Path notesFile;

    @Override
    int run(GateClient client, PrintWriter out) throws GateClient.Failure {
        String text;
        Sha256Digest artifactDigest;
        Sha256Digest sourceDigest;
        try {
            text = notesFile != null ? Files.readString(notesFile) : notes == null ? "" : notes;
            artifactDigest = Sha256Digest.of(artifact);
            sourceDigest = Sha256Digest.of(source);
        } catch (IOException e) {
            throw new GateClient.Failure("cannot read " + e.getMessage(), ToolExit.USAGE);
        }
        client.upload(artifact, artifactDigest.hex());
        client.upload(source, sourceDigest.hex());
        JsonNode release = client.post("v1/releases", Map.of("artifact", artifactDigest.toString(), "source",
                sourceDigest.toString(), "notes", text));
        out.println("submitted " + release.path("id").asText() + " (" + release.path("state").asText() + ")");
        Show.release(release, out);
        return ToolExit.OK;
    }
}
