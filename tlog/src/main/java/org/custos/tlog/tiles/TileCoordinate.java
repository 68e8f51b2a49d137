package org.custos.tlog.tiles;

/**
 * One tile or entry bundle of a C2SP tlog-tiles log. Level {@link #ENTRIES} denotes the entry bundle of the level-0
 * tile with the same index. A width of 256 is a full tile; 1..255 is a partial tile, served under {@code .p/<W>}.
 */
public record TileCoordinate(int level, long index, int width) {

    /** The pseudo-level of entry bundles. */
    public static final int ENTRIES = -1;
    /** Hashes in a full tile and entries in a full bundle. */
    public static final int FULL_WIDTH = 256;

    public TileCoordinate {
        if (level < ENTRIES || level > 63) {
            throw new IllegalArgumentException("tile level must be 0..63 (or entries), got " + level);
        }
        if (index < 0) {
            throw new IllegalArgumentException("tile index must not be negative");
        }
        if (width < 1 || width > FULL_WIDTH) {
            throw new IllegalArgumentException("tile width must be 1..256, got " + width);
        }
    }

    public boolean isFull() {
        return width == FULL_WIDTH;
    }

    public boolean isEntryBundle() {
        return level == ENTRIES;
    }

    /** The path under the log's prefix, e.g. {@code tile/0/x001/x234/067.p/8} or {@code tile/entries/000}. */
    public String path() {
        StringBuilder out = new StringBuilder("tile/").append(level == ENTRIES ? "entries" : Integer.toString(level))
                .append('/').append(encodeIndex(index));
        if (!isFull()) {
            out.append(".p/").append(width);
        }
        return out.toString();
    }

    /** The tile index as zero-padded 3-digit path elements, all but the last prefixed with 'x'. */
    public static String encodeIndex(long index) {
        String digits = Long.toString(index);
        int groups = Math.max(1, (digits.length() + 2) / 3);
        String padded = "0".repeat(groups * 3 - digits.length()) + digits;
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                out.append('/');
            }
            if (g < groups - 1) {
                out.append('x');
            }
            out.append(padded, g * 3, g * 3 + 3);
        }
        return out.toString();
    }

    /** Parses a path produced by {@link #path()}; anything else is rejected. */
    public static TileCoordinate parse(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length < 3 || !parts[0].equals("tile")) {
            throw new IllegalArgumentException("not a tile path");
        }
        int level;
        if (parts[1].equals("entries")) {
            level = ENTRIES;
        } else if (parts[1].matches("0|[1-9][0-9]?")) {
            level = Integer.parseInt(parts[1]);
        } else {
            throw new IllegalArgumentException("bad tile level");
        }
        int end = parts.length;
        int width = FULL_WIDTH;
        if (parts[end - 1].matches("[1-9][0-9]{0,2}") && parts[end - 2].endsWith(".p")) {
            width = Integer.parseInt(parts[end - 1]);
            if (width > 255) {
                throw new IllegalArgumentException("partial width must be 1..255");
            }
            parts[end - 2] = parts[end - 2].substring(0, parts[end - 2].length() - 2);
            end--;
        }
        long index = 0;
        for (int i = 2; i < end; i++) {
            boolean last = i == end - 1;
            String element = parts[i];
            String want = last ? "[0-9]{3}" : "x[0-9]{3}";
            if (!element.matches(want)) {
                throw new IllegalArgumentException("bad tile index element");
            }
            index = Math.multiplyExact(index, 1000) + Integer.parseInt(last ? element : element.substring(1));
        }
        TileCoordinate coordinate = new TileCoordinate(level, index, width);
        if (!coordinate.path().equals(path)) {
            throw new IllegalArgumentException("tile path is not in canonical form");
        }
        return coordinate;
    }
}
