package org.custos.recsys.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MovieLens-100k files the comparison needs: {@code u.data} (ratings), {@code u.item} (movies, release dates,
 * genre flags) and {@code u.user} (age, gender, occupation; the zip code is never read into memory). The files
 * are Latin-1, as published.
 *
 * @param ratings every rating, in file order
 * @param movies  movies by id
 * @param users   users by id
 */
public record MovieLensData(List<Rating> ratings, Map<Long, Movie> movies, Map<Long, User> users) {

    /** The genre flags of {@code u.item}, in column order (as listed in {@code u.genre}). */
    static final List<String> GENRES = List.of("unknown", "Action", "Adventure", "Animation", "Children's",
            "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
            "Romance", "Sci-Fi", "Thriller", "War", "Western");
    private static final DateTimeFormatter RELEASE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ROOT);

    public MovieLensData {
        ratings = List.copyOf(ratings);
        movies = Map.copyOf(movies);
        users = Map.copyOf(users);
    }

    /** One rating: {@code user item rating timestamp}. */
    public record Rating(long user, long item, int rating, Instant at) {
    }

    /** A movie: its genres and release date (empty date in the file: {@code null}). */
    public record Movie(long id, List<String> genres, LocalDate released) {
        public Movie {
            genres = List.copyOf(genres);
        }
    }

    /** A user's coarse attributes. */
    public record User(long id, int age, String gender, String occupation) {
    }

    /** A file of the data set has a line that does not parse; the message names the file and line. */
    public static final class MalformedDataException extends IOException {
        MalformedDataException(Path file, int line, String problem) {
            super(file.getFileName() + ":" + line + ": " + problem);
        }
    }

    /** Reads {@code u.data}, {@code u.item} and {@code u.user} from {@code dir}. */
    public static MovieLensData read(Path dir) throws IOException {
        Map<Long, Movie> movies = new LinkedHashMap<>();
        for (Line line : lines(dir.resolve("u.item"), "\\|", 5 + GENRES.size())) {
            long id = line.number(0);
            List<String> genres = new ArrayList<>();
            for (int g = 0; g < GENRES.size(); g++) {
                String flag = line.cell(5 + g);
                if (!flag.equals("0") && !flag.equals("1")) {
                    throw line.malformed("genre flag " + (g + 1) + " is '" + flag + "', expected 0 or 1");
                }
                if (flag.equals("1")) {
                    genres.add(GENRES.get(g));
                }
            }
            LocalDate released = null;
            if (!line.cell(2).isBlank()) {
                try {
                    released = LocalDate.parse(line.cell(2), RELEASE);
                } catch (DateTimeParseException e) {
                    throw line.malformed("release date '" + line.cell(2) + "' is not like 01-Jan-1995");
                }
            }
            movies.put(id, new Movie(id, genres, released));
        }
        Map<Long, User> users = new LinkedHashMap<>();
        for (Line line : lines(dir.resolve("u.user"), "\\|", 5)) {
            long id = line.number(0);
            users.put(id, new User(id, (int) line.number(1), line.cell(2), line.cell(3)));
        }
        List<Rating> ratings = new ArrayList<>();
        for (Line line : lines(dir.resolve("u.data"), "\t", 4)) {
            long item = line.number(1);
            long rating = line.number(2);
            if (rating < 1 || rating > 5) {
                throw line.malformed("rating " + rating + " is outside 1..5");
            }
            if (!movies.containsKey(item)) {
                throw line.malformed("movie " + item + " is not in u.item");
            }
            ratings.add(new Rating(line.number(0), item, (int) rating, Instant.ofEpochSecond(line.number(3))));
        }
        if (ratings.isEmpty()) {
            throw new MalformedDataException(dir.resolve("u.data"), 0, "no ratings");
        }
        return new MovieLensData(ratings, movies, users);
    }

    /** The instant a movie counts as uploaded: its release date, or the epoch when unknown. */
    static Instant uploaded(Movie movie) {
        return movie.released() == null ? Instant.EPOCH : movie.released().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private record Line(Path file, int line, String[] cells) {
        String cell(int i) {
            return cells[i];
        }

        long number(int i) throws MalformedDataException {
            try {
                long value = Long.parseLong(cells[i].trim());
                if (value < 0) {
                    throw malformed("field " + (i + 1) + " is negative: " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                throw malformed("field " + (i + 1) + " is '" + cells[i] + "', expected a whole number");
            }
        }

        MalformedDataException malformed(String problem) {
            return new MalformedDataException(file, line, problem);
        }
    }

    private static List<Line> lines(Path file, String separator, int fields) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "MovieLens file missing");
        }
        Pattern split = Pattern.compile(separator);
        List<Line> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                String[] cells = split.split(text, -1);
                if (cells.length != fields) {
                    throw new MalformedDataException(file, number, cells.length + " fields, expected " + fields);
                }
                lines.add(new Line(file, number, cells));
            }
        }
        return lines;
    }
}
