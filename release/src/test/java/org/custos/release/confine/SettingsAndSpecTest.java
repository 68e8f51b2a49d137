package org.custos.release.confine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsAndSpecTest {

    static final long MIB = 1L << 20;

    @Test
    void defaults_areTheDocumentedOnes() {
        var d = ConfinementSettings.defaults();
        assertThat(d.mode()).isEqualTo(ConfinementSettings.Mode.BUBBLEWRAP);
        assertThat(d.memoryBytes()).isEqualTo(1024 * MIB);
        assertThat(d.heapBytes()).isEqualTo(512 * MIB);
        assertThat(d.cpus()).isEqualTo(1.0);
        assertThat(d.maxTasks()).isEqualTo(256);
        assertThat(d.javaHome()).isEqualTo(Path.of(System.getProperty("java.home")));
        assertThat(d.directMemoryBytes()).isEqualTo(208 * MIB);
        assertThat(d.activeProcessors()).isEqualTo(1);
        assertThat(d.withCpus(1.5).activeProcessors()).isEqualTo(2);
    }

    @Test
    void settings_outOfRange_areRefusedWithTheValue() {
        var d = ConfinementSettings.defaults();
        assertThatThrownBy(() -> d.withMemory(256 * MIB, 200 * MIB)).hasMessageContaining("leave 96 MiB");
        assertThatThrownBy(() -> d.withCpus(0)).hasMessageContaining("cpu quota");
        assertThatThrownBy(() -> d.withMaxTasks(4)).hasMessageContaining("max tasks");
        assertThatThrownBy(() -> d.withTmpBytes(2048 * MIB)).hasMessageContaining("tmp size");
    }

    @Test
    void mode_parsesTheSettingValues() {
        assertThat(ConfinementSettings.Mode.parse("bubblewrap")).isEqualTo(ConfinementSettings.Mode.BUBBLEWRAP);
        assertThat(ConfinementSettings.Mode.parse(" Unconfined-Development "))
                .isEqualTo(ConfinementSettings.Mode.UNCONFINED_DEVELOPMENT);
        assertThatThrownBy(() -> ConfinementSettings.Mode.parse("none")).hasMessageContaining("engine.confinement");
    }

    @Test
    void launchSpec_refusesFlagsThatLoadCodeFromElsewhere() {
        var spec = LaunchSpec.of(Path.of("/b.jar"), "org.example.Main", Path.of("/s"), "engine-1");
        assertThat(spec.withJvmFlags(List.of("--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC")).jvmFlags())
                .hasSize(3);
        for (var bad : List.of("-javaagent:/x.jar", "-cp", "-jar", "@/args", "-agentlib:jdwp=x",
                "--enable-native-access=ALL-UNNAMED", "-XX:OnOutOfMemoryError=sh", "-XX:Flags=/f",
                "-Djava.library.path=/x")) {
            assertThatThrownBy(() -> spec.withJvmFlags(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> spec.withJvmFlags(List.of("notaflag"))).hasMessageContaining("start with '-'");
        assertThatThrownBy(() -> spec.withArguments(List.of("a\nb"))).hasMessageContaining("line breaks");
        assertThatThrownBy(() -> LaunchSpec.of(Path.of("/b.jar"), "Main; rm", Path.of("/s"), "e"))
                .hasMessageContaining("binary class name");
        assertThatThrownBy(() -> LaunchSpec.of(Path.of("/b.jar"), "Main", Path.of("/s"), "Engine One"))
                .hasMessageContaining("sandbox name");
    }
}
