package org.custos.tlog.witness;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** Mounts {@code POST <prefix>/add-checkpoint} for a {@link Witness}. */
public final class WitnessRoutes {

    private static final int MAX_BODY = 64 * 1024;

    private WitnessRoutes() {}

    public static void register(HttpRouting.Builder routing, Witness witness) {
        routing.post("/add-checkpoint", (req, res) -> handle(witness, req, res));
    }

    private static void handle(Witness witness, ServerRequest req, ServerResponse res) {
        byte[] body = req.content().as(byte[].class);
        if (body.length > MAX_BODY) {
            res.status(Status.REQUEST_ENTITY_TOO_LARGE_413).send();
            return;
        }
        switch (witness.addCheckpoint(body)) {
            case Witness.Outcome.Cosigned c -> res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send(c.signatureLines().getBytes(StandardCharsets.UTF_8));
            case Witness.Outcome.SizeConflict c -> res.status(Status.CONFLICT_409)
                    .header(HeaderNames.CONTENT_TYPE, "text/x.tlog.size")
                    .send((c.latestSize() + "\n").getBytes(StandardCharsets.UTF_8));
            case Witness.Outcome.Rejected r -> res.status(r.status())
                    .header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send((r.reason() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
