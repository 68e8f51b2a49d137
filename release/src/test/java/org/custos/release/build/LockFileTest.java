package org.custos.release.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LockFileTest {

    @Property
    void format_thenParse_givesTheSameDependencies(@ForAll("locks") List<LockedDependency> lock) throws Exception {
        assertThat(LockFile.parse(LockFile.format(lock))).isEqualTo(lock);
    }

    @Property
    void parse_toleratesBlankLinesCommentsCrlfAndExtraSpaces(@ForAll("locks") List<LockedDependency> lock)
            throws Exception {
        StringBuilder text = new StringBuilder("\r\n  # a comment\r\n\r\n");
        for (LockedDependency dependency : lock) {
            text.append("  ").append(dependency.digest()).append(" \t ").append(dependency.coordinates())
                    .append("   ").append(dependency.fileName()).append(" \r\n# between\n");
        }
        assertThat(LockFile.parse(text.toString())).isEqualTo(lock);
    }

    @Property
    void parse_malformedLine_refusedNamingItsLine(@ForAll("locks") List<LockedDependency> lock,
                                                  @ForAll("malformedLines") String bad) {
        List<String> lines = new ArrayList<>(LockFile.format(lock).lines().toList());
        lines.add(bad);
        int number = lines.size();

        assertThatThrownBy(() -> LockFile.parse(String.join("\n", lines) + "\n"))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BuildFailedException.Reason.LOCK_MALFORMED);
                    assertThat(e.getMessage()).startsWith("deps.lock line " + number + ": ")
                            .endsWith("a line must read " + LockFile.LINE_SHAPE);
                });
    }

    @Example
    void parse_sameCoordinatesTwice_refusedNamingBothLines() {
        String hex = "ab".repeat(32);
        String text = "sha256:" + hex + " org.x:y:1 y-1.jar\nsha256:" + hex + " org.x:y:1 y-2.jar\n";

        assertThatThrownBy(() -> LockFile.parse(text))
                .hasMessageStartingWith("deps.lock line 2: org.x:y:1 is already pinned on line 1");
    }

    @Example
    void parse_upperCaseHex_refused() {
        String text = "sha256:" + "AB".repeat(32) + " org.x:y:1 y-1.jar\n";

        assertThatThrownBy(() -> LockFile.parse(text))
                .hasMessageContaining("line 1: sha256 must be 64 lower-case hex digits");
    }

    @Example
    void parse_emptyFile_locksNothing() throws Exception {
        assertThat(LockFile.parse("")).isEmpty();
        assertThat(LockFile.parse(LockFile.format(List.of()))).isEmpty();
    }

    @Provide
    Arbitrary<List<LockedDependency>> locks() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').withChars('0', '9', '-', '_')
                .ofMinLength(1).ofMaxLength(8).filter(s -> Character.isLetterOrDigit(s.charAt(0)));
        Arbitrary<String> group = segment.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts));
        Arbitrary<String> version = Arbitraries.strings().withCharRange('0', '9').withChars('.', '+', '-', 'A', 'z')
                .ofMinLength(1).ofMaxLength(10).filter(s -> Character.isLetterOrDigit(s.charAt(0)));
        Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
        Arbitrary<LockedDependency> dependency = Combinators.combine(group, segment, version, hex)
                .as((g, a, v, h) -> new LockedDependency(g + ":" + a + ":" + v, a + "-" + v + ".jar", h));
        return dependency.list().ofMaxSize(6).map(LockFileTest::unique);
    }

    @Provide
    Arbitrary<String> malformedLines() {
        String hex = "0".repeat(64);
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30)
                        .filter(s -> !s.isBlank()),                                   // one word, no digest
                Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(63)
                        .map(h -> "sha256:" + h + " org.x:y:1 y.jar"),               // short digest
                Arbitraries.of("md5:" + hex + " org.x:y:1 y.jar",                     // other algorithm
                        "sha256:" + hex + " org.x:y y.jar",                           // two-part coordinates
                        "sha256:" + hex + " org.x:y:1:2 y.jar",                       // four parts
                        "sha256:" + hex + " org.x:y:1 y.zip",                         // not a jar
                        "sha256:" + hex + " org.x:y:1 lib/y.jar",                     // a directory
                        "sha256:" + hex + " org.x:y:1 ../y.jar",                      // an escape
                        "sha256:" + hex + " org..x:y:1 y.jar",                        // empty group segment
                        "sha256:" + hex + " org.x:y:1 y.jar # a trailing comment",    // comment on the line
                        "sha256:" + hex + " org.x:y:1"));                             // no file
    }

    private static List<LockedDependency> unique(List<LockedDependency> dependencies) {
        Set<String> coordinates = new HashSet<>();
        Set<String> files = new HashSet<>();
        return dependencies.stream()
                .filter(d -> coordinates.add(d.coordinates()) & files.add(d.fileName()))
                .toList();
    }
}
