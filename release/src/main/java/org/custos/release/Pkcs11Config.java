package org.custos.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * What the release key needs of a SunPKCS11 configuration file, the format the vault's KEK is configured with, so
 * that one file names the token for both: {@code library}, and {@code slot} (an id) or {@code slotListIndex} (a
 * position among the slots with a token). The file's other settings ({@code name}, {@code attributes} blocks) are
 * the KEK provider's and are ignored here.
 */
record Pkcs11Config(Path file, Path library, OptionalLong slotId, OptionalInt slotListIndex) {
    private static final Pattern SETTING = Pattern.compile("^\\s*(library|slot|slotListIndex)\\s*=\\s*(.*?)\\s*$");

    static Pkcs11Config read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ReleaseSigningException("cannot read the PKCS#11 configuration " + file + ": " + e.getMessage(),
                    e);
        }
        Path library = null;
        OptionalLong slot = OptionalLong.empty();
        OptionalInt index = OptionalInt.empty();
        int depth = 0;
        for (String line : lines) {
            String text = line.replaceFirst("#.*", "");
            if (depth == 0) {
                Matcher m = SETTING.matcher(text);
                if (m.matches()) {
                    String value = m.group(2).replaceAll("^\"|\"$", "");
                    try {
                        switch (m.group(1)) {
                            case "library" -> library = Path.of(value);
                            case "slot" -> slot = OptionalLong.of(Long.parseLong(value));
                            default -> index = OptionalInt.of(Integer.parseInt(value));
                        }
                    } catch (NumberFormatException e) {
                        throw new ReleaseSigningException("the PKCS#11 configuration " + file + " has " + m.group(1)
                                + " = '" + value + "', not a number");
                    }
                }
            }
            depth += text.chars().filter(c -> c == '{').count() - text.chars().filter(c -> c == '}').count();
        }
        if (library == null) {
            throw new ReleaseSigningException("the PKCS#11 configuration " + file + " names no library (library = "
                    + "/path/to/the/token's/pkcs11.so)");
        }
        if (!Files.isRegularFile(library)) {
            throw new ReleaseSigningException("the PKCS#11 library " + library + " named by " + file
                    + " does not exist");
        }
        return new Pkcs11Config(file, library, slot, index);
    }

    /** The configured slot among those with a token present (the first one if the file names none). */
    Slot slot(PKCS11Module module) throws TokenException {
        Slot[] slots;
        try {
            slots = module.getSlotList(true);
        } catch (PKCS11Exception e) {
            throw new TokenException("cannot list the token's slots: " + e.getErrorName(), e);
        }
        if (slotId.isPresent()) {
            for (Slot slot : slots) {
                if (slot.getSlotID() == slotId.getAsLong()) {
                    return slot;
                }
            }
            throw new TokenException("no token in slot " + slotId.getAsLong() + " (configured in " + file + ")");
        }
        int i = slotListIndex.orElse(0);
        if (i < 0 || i >= slots.length) {
            throw new TokenException("slotListIndex " + i + " (configured in " + file + ") but " + slots.length
                    + " slots hold a token");
        }
        return slots[i];
    }
}
