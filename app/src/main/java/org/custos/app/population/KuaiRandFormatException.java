package org.custos.app.population;

import java.nio.file.Path;

/** A KuaiRand file that is missing or has a row the import cannot read; names the file and line, never values. */
public final class KuaiRandFormatException extends RuntimeException {
    KuaiRandFormatException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
