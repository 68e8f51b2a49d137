package org.custos.server.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.custos.tlog.LogUnavailableException;
import org.custos.tlog.PushbackException;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.entry.AuditEntry;
import org.custos.vault.AuditUnavailableException;
import org.custos.vault.OutboxEntry;
import org.custos.vault.Vault;

/**
 * Carries the vault's audit outbox into the transparency log: every event exactly once, in outbox order, within
 * about a poll interval (it is also woken by each event the vault commits).
 *
 * <p>Why exactly once survives a crash of either side: each entry carries its outbox position, positions are
 * gap-free, and the log's {@code appendAll} returns only once entries are durably sequenced. At start the relay
 * reads the log's own tail ({@link LogTail}) and continues after the position it finds there, so an append whose
 * acknowledgement was lost is not repeated and nothing after it is skipped. Its own bookkeeping
 * ({@link RelayProgress}, written after each acknowledged append) only tells "the log is ahead" (repaired by
 * re-indexing the tail) from "the log lost acknowledged entries" (start-up refused, {@link LogOutOfStepException}).
 *
 * <p>Pushback from the log is waited out and the same batch retried, never dropped. An event that cannot become an
 * entry, or a log that stopped, halts the relay and turns readiness DOWN: skipping would break the log's promise.
 */
final class AuditRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditRelay.class.getName());
    private static final int BATCH = 512;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final TransparencyLog log;
    private final Vault vault;
    private final RelayProgress progress;
    private final Duration pollInterval;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong lastEvent = new AtomicLong();
    private final AtomicLong logSize = new AtomicLong();
    private final AtomicLong outboxLatest = new AtomicLong();
    private final Counter appended;
    private final Counter failures;
    private final Counter pushbacks;
    private volatile Optional<String> problem = Optional.empty();
    private volatile boolean halted;
    private volatile boolean running = true;
    private Thread thread;
    /** Bookkeeping of an acknowledged append that could not be committed yet; written before anything else. */
    private Bookkeeping unrecorded;
    /** Halved on each pushback (a batch larger than the log's free intake can never fit), doubled on success. */
    private int batchLimit = BATCH;

    private AuditRelay(TransparencyLog log, Vault vault, RelayProgress progress, Duration pollInterval,
            MeterRegistry registry) {
        this.log = log;
        this.vault = vault;
        this.progress = progress;
        this.pollInterval = pollInterval;
        this.appended = Counter.builder("custos.audit.relay.appended")
                .description("audit events appended to the transparency log").register(registry);
        this.pushbacks = Counter.builder("custos.audit.relay.pushbacks")
                .description("appends the log pushed back; retried after its Retry-After").register(registry);
        this.failures = Counter.builder("custos.audit.relay.failures")
                .description("relay iterations that failed and will be retried").register(registry);
        Gauge.builder("custos.audit.relay.lag", this, relay -> Math.max(0, relay.outboxLatest.get()
                        - relay.lastEvent.get()))
                .description("audit events in the outbox not yet in the log").register(registry);
        Gauge.builder("custos.audit.relay.last.event", lastEvent, AtomicLong::get)
                .description("outbox position of the last event appended to the log").register(registry);
        Gauge.builder("custos.audit.log.size", logSize, AtomicLong::get)
                .description("entries in the transparency log").register(registry);
    }

    /**
     * Reconciles the log's tail with the recorded progress, then starts relaying on a background thread.
     *
     * @throws LogOutOfStepException if the log lost acknowledged entries (and {@code acceptRestoredLog} does not
     *     cover the case) or holds events the outbox does not
     */
    static AuditRelay start(TransparencyLog log, Vault vault, RelayProgress progress, AuditLogSettings settings,
            MeterRegistry registry) throws IOException, SQLException {
        AuditRelay relay = new AuditRelay(log, vault, progress, settings.pollInterval(), registry);
        relay.reconcile(settings.acceptRestoredLog());
        vault.addAuditListener(relay::wake);
        relay.thread = Thread.ofPlatform().name("audit-relay").daemon().start(relay::run);
        return relay;
    }

    private void reconcile(boolean acceptRestoredLog) throws IOException, SQLException {
        LogTail tail = LogTail.of(log);
        if (progress.fedAnotherLog()) {
            LOG.warning("the database fed a log with another origin before; starting the subject index afresh");
            progress.record(new RelayProgress.Mark(0, 0), List.of(), 0);
        }
        RelayProgress.Mark mark = progress.read().orElse(new RelayProgress.Mark(0, 0));
        long outboxEnd = vault.outbox().latestPosition();
        if (tail.lastEvent() > outboxEnd) {
            throw new LogOutOfStepException("the log holds audit events this database's outbox never had: is the"
                    + " log directory from another installation?", tail.lastEvent(), mark.lastEvent());
        }
        if (tail.lastEvent() < mark.lastEvent()) {
            if (tail.size() == 0) {
                throw new LogOutOfStepException("the transparency log is empty but events were already relayed into"
                        + " it: its directory was lost. Restore it from backup; the relay never refills an empty log"
                        + " under the same key", 0, mark.lastEvent());
            }
            if (!acceptRestoredLog) {
                throw new LogOutOfStepException("the transparency log lacks events it had acknowledged (restored from"
                        + " an older backup?). Set audit.accept.restored.log=true to re-append them from the outbox",
                        tail.lastEvent(), mark.lastEvent());
            }
            LOG.warning(() -> "log restored from a backup ending at event " + tail.lastEvent()
                    + "; re-appending events up to " + mark.lastEvent() + " from the outbox");
            progress.record(new RelayProgress.Mark(tail.lastEvent(), tail.size()), List.of(), tail.size());
        } else if (tail.size() > mark.logSize()) {
            // The log acknowledged entries whose bookkeeping did not commit: index them from the log itself.
            SubjectIndexUpdate update = new SubjectIndexUpdate();
            for (long start = mark.logSize(); start < tail.size(); start += BATCH) {
                int count = (int) Math.min(BATCH, tail.size() - start);
                List<byte[]> entries = log.entries(start, count);
                for (int i = 0; i < count; i++) {
                    if (LogTail.decode(entries.get(i)) instanceof AuditEntry.Relayed relayed) {
                        update.add(relayed, start + i, entries.get(i));
                    }
                }
            }
            progress.record(new RelayProgress.Mark(tail.lastEvent(), tail.size()), update);
        }
        lastEvent.set(tail.lastEvent());
        logSize.set(tail.size());
        outboxLatest.set(outboxEnd);
    }

    private void run() {
        Duration backoff = pollInterval;
        long nextFlush = 0;
        while (running) {
            try {
                if (System.nanoTime() - nextFlush >= 0) {
                    vault.flushServiceReads();
                    nextFlush = System.nanoTime() + pollInterval.toNanos();
                }
                wake.drainPermits(); // events committed from here on wake the next wait
                recordBookkeeping();
                int relayed = relayOneBatch();
                problem = Optional.empty();
                backoff = pollInterval;
                if (relayed == 0 || outboxLatest.get() <= lastEvent.get()) {
                    outboxLatest.set(lastEvent.get());
                    wake.tryAcquire(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (PushbackException e) {
                problem = Optional.empty(); // the log is busy, not broken: wait as it asks, then retry smaller
                batchLimit = Math.max(1, batchLimit / 2);
                pushbacks.increment();
                sleep(e.retryAfter());
            } catch (LogUnavailableException | IllegalArgumentException e) {
                halt(e);
                return;
            } catch (AuditUnavailableException | SQLException e) {
                failures.increment();
                problem = Optional.of("outbox or progress table unreachable; retrying");
                // Class and SQL state only: driver messages may quote statement values.
                Throwable cause = e instanceof SQLException ? e : e.getCause();
                String state = cause instanceof SQLException sql ? " (SQL state " + sql.getSQLState() + ")" : "";
                LOG.warning(() -> "audit relay: " + e.getClass().getSimpleName() + state + "; retrying");
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                halt(e);
                return;
            }
        }
    }

    /** Appends the next batch of the outbox; returns how many events it carried. */
    private int relayOneBatch() throws PushbackException, InterruptedException, SQLException {
        int limit = batchLimit;
        List<OutboxEntry> batch = vault.outbox().after(lastEvent.get(), limit);
        if (batch.isEmpty()) {
            return 0;
        }
        List<AuditEntry.Relayed> entries = new ArrayList<>(batch.size());
        List<byte[]> bytes = new ArrayList<>(batch.size());
        for (OutboxEntry event : batch) {
            AuditEntry.Relayed entry;
            try {
                entry = AuditEntries.of(event);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("outbox event " + event.position()
                        + " cannot be written to the log: " + e.getMessage(), e);
            }
            entries.add(entry);
            bytes.add(org.custos.tlog.entry.AuditEntryCodec.encode(entry));
        }
        long first = log.appendAll(bytes);
        SubjectIndexUpdate update = new SubjectIndexUpdate();
        for (int i = 0; i < entries.size(); i++) {
            update.add(entries.get(i), first + i, bytes.get(i));
        }
        long last = batch.getLast().position();
        long size = first + entries.size();
        // The log holds the batch now: move on in memory first, so that a failing bookkeeping write is retried on
        // its own (recordBookkeeping) and never makes the batch be appended again. A crash before it commits is
        // repaired from the log's tail at the next start.
        lastEvent.set(last);
        logSize.set(size);
        appended.increment(entries.size());
        unrecorded = new Bookkeeping(new RelayProgress.Mark(last, size), update);
        recordBookkeeping();
        batchLimit = Math.min(BATCH, batchLimit * 2);
        if (batch.size() == limit) {
            outboxLatest.set(vault.outbox().latestPosition());
        }
        return batch.size();
    }

    private record Bookkeeping(RelayProgress.Mark mark, SubjectIndexUpdate update) {}

    private void recordBookkeeping() throws SQLException {
        if (unrecorded != null) {
            progress.record(unrecorded.mark(), unrecorded.update());
            unrecorded = null;
        }
    }

    private void halt(Exception e) {
        halted = true;
        failures.increment();
        problem = Optional.of("relay stopped: " + e.getMessage());
        LOG.log(Level.SEVERE, "audit relay stopped; restart the server once the cause is fixed", e);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Empty while relaying normally; otherwise why not (safe to show: no personal data). */
    Optional<String> problem() {
        return problem;
    }

    boolean halted() {
        return halted;
    }

    /** The outbox position of the last event appended to the log. */
    long lastEvent() {
        return lastEvent.get();
    }

    /** Wakes the relay now (the vault's listener, on each commit): one pending permit is enough. */
    void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
