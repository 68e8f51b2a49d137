package org.custos.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TileCoordinateTest {

    @Test
    void path_specExamples_encodedAsSpecified() {
        assertThat(new TileCoordinate(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
        assertThat(new TileCoordinate(1, 0, 3).path()).isEqualTo("tile/1/000.p/3");
        assertThat(new TileCoordinate(TileCoordinate.ENTRIES, 3, 232).path()).isEqualTo("tile/entries/003.p/232");
        assertThat(new TileCoordinate(2, 1000, 256).path()).isEqualTo("tile/2/x001/000");
    }

    @Test
    void partialTiles_size70000_matchSpecExample() {
        assertThat(TileLayout.partialTiles(70_000)).containsExactly(
                new TileCoordinate(TileCoordinate.ENTRIES, 273, 112), new TileCoordinate(0, 273, 112),
                new TileCoordinate(1, 1, 17), new TileCoordinate(2, 0, 1));
        assertThat(TileLayout.partialTiles(256)).containsExactly(new TileCoordinate(1, 0, 1));
    }

    @Test
    void parse_nonCanonicalPaths_rejected() {
        for (String bad : List.of("tile/0/0001", "tile/0/x000", "tile/00/000", "tile/0/000.p/0", "tile/0/000.p/256",
                "tile/0/000.p/07", "tile/64/000", "tile/0/x01/000", "tile/0/000/", "tile/x/000", "tile/0/../000")) {
            assertThatThrownBy(() -> TileCoordinate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 300)
    void parse_anyCoordinate_roundTrips(@ForAll @IntRange(min = -1, max = 63) int level,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 256) long index,
            @ForAll @IntRange(min = 1, max = 256) int width) {
        TileCoordinate tile = new TileCoordinate(level, index, width);
        assertThat(TileCoordinate.parse(tile.path())).isEqualTo(tile);
    }
}
