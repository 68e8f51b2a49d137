package org.custos.cli.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void update_notATerminal_printsOneLinePerTenth() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false);

        for (int done = 0; done <= 200; done++) {
            bar.update("events", done, 200);
        }
        bar.finish();

        assertThat(text.toString().lines()).hasSize(11)
                .first().isEqualTo("events   [..............................]   0% 0/200");
        assertThat(text.toString().lines().toList().getLast())
                .isEqualTo("events   [##############################] 100% 200/200");
    }

    @Test
    void update_terminal_redrawsInPlaceAndEndsTheLineOnFinish() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true);

        bar.update("users", 1, 4);
        bar.update("users", 4, 4);
        bar.finish();

        assertThat(text.toString()).startsWith("\rusers    [#######").contains("\rusers    [####")
                .endsWith("100% 4/4" + System.lineSeparator());
    }
}
