package org.custos.app.population;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KuaiRandFilesTest {

    @Test
    void cells_quotedRangeWithComma_staysOneCell() {
        assertThat(KuaiRandFiles.cells("1,full_active,\"[100,1k)\",34,"))
                .containsExactly("1", "full_active", "[100,1k)", "34", "");
    }

    @Test
    void watch_shortPlayOfLongVideo_isSkippedAndNotCompleted() {
        var row = new KuaiRandFiles.Row(6831, 1650812934945L, 1184, 11933, false, false, "r#1");

        var watch = KuaiRandImport.watch(row, 42);

        assertThat(watch.skipped()).isTrue();
        assertThat(watch.completed()).isFalse();
        assertThat(watch.videoId()).isEqualTo(42);
        assertThat(watch.clientId()).isEqualTo(KuaiRandImport.watch(row, 42).clientId());
    }
}
