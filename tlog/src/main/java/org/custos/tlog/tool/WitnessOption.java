package org.custos.tlog.tool;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.custos.tlog.WitnessEndpoint;
import org.custos.tlog.note.MalformedNoteException;

/** Parses {@code --witness <submission URL>,<cosignature verifier key or file>} options. */
final class WitnessOption {

    private WitnessOption() {}

    static List<WitnessEndpoint> parse(List<String> values) throws IOException, MalformedNoteException {
        List<WitnessEndpoint> endpoints = new ArrayList<>();
        for (String value : values) {
            int comma = value.indexOf(',');
            if (comma <= 0) {
                throw new MalformedNoteException("--witness takes <url>,<verifier key or file>, got " + value);
            }
            endpoints.add(new WitnessEndpoint(URI.create(value.substring(0, comma)),
                    KeyFiles.verifierKey(value.substring(comma + 1))));
        }
        return endpoints;
    }
}
