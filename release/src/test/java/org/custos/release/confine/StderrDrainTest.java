package org.custos.release.confine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class StderrDrainTest {

    final List<LogRecord> records = new ArrayList<>();
    final Logger logger = capture();

    private Logger capture() {
        var l = Logger.getAnonymousLogger();
        l.setUseParentHandlers(false);
        l.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        return l;
    }

    private void drain(String stderr, int perMinute, AtomicLong clock) {
        new StderrDrain(new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)), "e1", perMinute, logger,
                clock::get).run();
    }

    private List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
    }

    @Test
    void lines_overTheRate_areCountedNotLogged() {
        drain("a\n".repeat(10), 3, new AtomicLong());
        assertThat(messages(Level.INFO)).containsExactly("engine[e1] a", "engine[e1] a", "engine[e1] a");
        assertThat(messages(Level.WARNING)).containsExactly("engine[e1] 7 stderr lines dropped (limit 3 a minute)");
    }

    @Test
    void aNewMinute_opensTheWindowAgain() {
        var clock = new AtomicLong();
        var in = new java.io.InputStream() {
            final byte[] data = "1\n2\n3\n4\n".getBytes(StandardCharsets.UTF_8);
            int i;

            @Override
            public int read() {
                if (i == 4) {
                    clock.addAndGet(StderrDrain.MINUTE_NANOS); // a minute passes after two lines
                }
                return i < data.length ? data[i++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int c = read(); // one byte a call, so the clock moves between lines
                if (c < 0) {
                    return -1;
                }
                b[off] = (byte) c;
                return 1;
            }
        };
        new StderrDrain(in, "e1", 1, logger, clock::get).run();
        assertThat(messages(Level.INFO)).containsExactly("engine[e1] 1", "engine[e1] 3");
        assertThat(messages(Level.WARNING)).hasSize(2);
    }

    @Test
    void longLines_areCut_andControlCharactersDefused() {
        drain("x".repeat(10_000) + "\nfake\r\u001b[2Kline\u202e\tend", 10, new AtomicLong());
        var info = messages(Level.INFO);
        assertThat(info).hasSize(2);
        assertThat(info.get(0)).hasSize("engine[e1] ".length() + StderrDrain.MAX_LINE_CHARS + 1).endsWith("\u2026");
        assertThat(info.get(1)).isEqualTo("engine[e1] fake??[2Kline? end");
    }

    @Test
    void braces_areNotTakenForParameters() {
        drain("{0} {1}\n", 10, new AtomicLong());
        assertThat(records.getFirst().getParameters()).isNull();
        assertThat(records.getFirst().getMessage()).isEqualTo("engine[e1] {0} {1}");
    }
}
