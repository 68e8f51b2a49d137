package org.custos.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensDataTest {

    static Path fixture() throws URISyntaxException {
        return Path.of(MovieLensDataTest.class.getResource("/movielens/u.data").toURI()).getParent();
    }

    static Path copyOfFixture(Path dir) throws IOException, URISyntaxException {
        for (String name : List.of("u.data", "u.item", "u.user")) {
            Files.copy(fixture().resolve(name), dir.resolve(name));
        }
        return dir;
    }

    @Test
    void read_syntheticFixture_readsEveryRatingMovieAndUser() throws Exception {
        MovieLensData data = MovieLensData.read(fixture());

        assertThat(data.ratings()).hasSize(108);
        assertThat(data.movies()).hasSize(20);
        assertThat(data.users()).hasSize(12);
        MovieLensData.Rating first = data.ratings().getFirst();
        assertThat(first).isEqualTo(new MovieLensData.Rating(6, 15, 3, Instant.ofEpochSecond(880110914)));
        MovieLensData.Movie film = data.movies().get(1L);
        assertThat(film.released()).isEqualTo(LocalDate.of(1984, 3, 14));
        assertThat(film.genres()).containsExactly("Film-Noir");
        // a blank release date is allowed (the real file has one) and dates the movie at the epoch
        assertThat(data.movies().get(20L).released()).isNull();
        assertThat(MovieLensData.uploaded(data.movies().get(20L))).isEqualTo(Instant.EPOCH);
        assertThat(data.users().get(1L)).isEqualTo(new MovieLensData.User(1, 35, "M", "doctor"));
    }

    @Test
    void read_missingUserFile_namesTheFile(@TempDir Path dir) throws Exception {
        copyOfFixture(dir);
        Files.delete(dir.resolve("u.user"));

        assertThatThrownBy(() -> MovieLensData.read(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("u.user");
    }

    @Test
    void read_ratingLineWithThreeFields_namesFileAndLine(@TempDir Path dir) throws Exception {
        copyOfFixture(dir);
        List<String> lines = Files.readAllLines(dir.resolve("u.data"));
        lines.set(4, "1\t2\t3");
        Files.write(dir.resolve("u.data"), lines);

        assertThatThrownBy(() -> MovieLensData.read(dir)).isInstanceOf(MovieLensData.MalformedDataException.class)
                .hasMessage("u.data:5: 3 fields, expected 4");
    }

    @Test
    void read_ratingOutOfRangeOrUnknownMovie_isRejected(@TempDir Path dir) throws Exception {
        copyOfFixture(dir);
        Files.writeString(dir.resolve("u.data"), "1\t2\t7\t880000000\n");
        assertThatThrownBy(() -> MovieLensData.read(dir)).hasMessage("u.data:1: rating 7 is outside 1..5");

        Files.writeString(dir.resolve("u.data"), "1\t2\t4\t880000000\n1\t99\t4\t880000000\n");
        assertThatThrownBy(() -> MovieLensData.read(dir)).hasMessage("u.data:2: movie 99 is not in u.item");
    }

    @Test
    void read_badReleaseDate_namesFileAndLine(@TempDir Path dir) throws Exception {
        copyOfFixture(dir);
        List<String> lines = Files.readAllLines(dir.resolve("u.item"));
        lines.set(0, lines.getFirst().replace("14-Mar-1984", "1984-03-14"));
        Files.write(dir.resolve("u.item"), lines);

        assertThatThrownBy(() -> MovieLensData.read(dir)).isInstanceOf(MovieLensData.MalformedDataException.class)
                .hasMessageStartingWith("u.item:1: release date '1984-03-14'");
    }
}
