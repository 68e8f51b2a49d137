package org.custos.release.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Renders releases for people. */
final class Show {
    private Show() {
    }

    static String line(JsonNode r) {
        long approvals = 0;
        for (JsonNode review : r.path("reviews")) {
            approvals += review.path("verdict").asText().equals("approve") ? 1 : 0;
        }
        return String.format("%s  %-9s  %s  %d/%d approvals  submitted by %s", r.path("id").asText(),
                r.path("state").asText(), r.path("bundle").asText(), approvals, r.path("requiredReviews").asInt(),
                r.path("submitter").asText());
    }

    static void release(JsonNode r, PrintWriter out) {
        out.println(line(r));
        out.println("  artifact  " + r.path("artifact").asText());
        out.println("  source    " + r.path("source").asText());
        out.println("  main      " + r.path("mainClass").asText() + " (protocol " + r.path("protocolVersion").asInt()
                + ")");
        out.println("  notes     " + r.path("notesCommitment").asText());
        r.path("notes").asText().lines().forEach(l -> out.println("    | " + l));
        for (JsonNode review : r.path("reviews")) {
            out.println("  review    " + review.path("verdict").asText() + " by " + review.path("reviewer").asText()
                    + " at " + review.path("at").asText()
                    + (review.path("reason").isTextual() ? " (" + review.path("reason").asText() + ")" : ""));
            review.path("findings").asText().lines().forEach(l -> out.println("    | " + l));
        }
        JsonNode rebuild = r.path("rebuild");
        if (rebuild.isObject()) {
            out.println("  rebuild   #" + rebuild.path("number").asLong() + " "
                    + (rebuild.path("matches").asBoolean() ? "matches" : "DOES NOT MATCH") + " "
                    + rebuild.path("rebuilt").asText("(no artifact)") + " on " + rebuild.path("runtime").asText());
            for (String list : new String[] {"onlyInSubmitted", "onlyInRebuilt", "differing"}) {
                rebuild.path(list).forEach(e -> out.println("    " + list + ": " + e.asText()));
            }
            if (rebuild.path("error").isTextual()) {
                out.println("    error: " + rebuild.path("error").asText());
            }
        }
        if (r.path("approvedAt").isTextual()) {
            out.println("  approved  " + r.path("approvedAt").asText());
        }
        if (r.path("closedAt").isTextual()) {
            out.println("  closed    " + r.path("closedAt").asText() + " by " + r.path("closedBy").asText() + " ("
                    + r.path("closedReason").asText() + ")");
        }
        if (r.path("logIndex").isNumber()) {
            out.println("  logged    entry " + r.path("logIndex").asLong());
        }
    }
}
