package io.raymon.sdk.internal;

import io.raymon.sdk.ClientStats;
import io.raymon.sdk.DropPolicy;
import io.raymon.sdk.ExportException;
import io.raymon.sdk.Exporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between callers and the exporter, and the daemon thread that drains it.
 *
 * <p>Callers only {@link #submit} (a non-blocking offer). The worker takes up to {@code maxBatchSize}
 * events at a time and starts exporting them, with up to {@value #MAX_IN_FLIGHT} batches in flight;
 * it retries failures with exponential backoff and replays spilled events when the queue is empty.
 * Only the worker touches the exporter.
 */
public final class DeliveryPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);
    /** Spilled events wait in memory for the disk writer; bursts need room even when the queue is small. */
    static final int MIN_SPILL_HAND_OFF = 10_000;
    /** Batches exported concurrently (pipelining hides the acknowledgement round trip). */
    static final int MAX_IN_FLIGHT = 4;

    /** Settings the client builder validated. */
    public record Settings(int maxQueueSize, int maxBatchSize, Duration flushInterval, DropPolicy dropPolicy,
            Path spillDirectory, long maxSpillBytes, Duration initialBackoff, Duration maxBackoff) {}

    private final Exporter exporter;
    private final Settings settings;
    private final ClientCounters counters;
    private final EventQueue queue;
    private final SpillStore spill;
    private final Thread worker;
    /** Events accepted into the queue, and events the worker finished with (sent, dropped or spilled). */
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private volatile boolean closed;
    private volatile long closeDeadlineNanos = Long.MAX_VALUE;

    public DeliveryPipeline(Exporter exporter, Settings settings, ClientCounters counters) {
        this.exporter = exporter;
        this.settings = settings;
        this.counters = counters;
        this.queue = new EventQueue(settings.maxQueueSize(), settings.maxBatchSize());
        this.spill = settings.dropPolicy() == DropPolicy.SPILL
                ? new SpillStore(settings.spillDirectory(), settings.maxSpillBytes(),
                        Math.max(settings.maxQueueSize(), MIN_SPILL_HAND_OFF), counters)
                : null;
        this.worker = new Thread(this::run, "raymon-exporter");
        worker.setDaemon(true);
        worker.start();
    }

    /** Never blocks, never throws: the event is queued, spilled or dropped and counted. */
    public void submit(SpecificRecord event) {
        if (closed) {
            counters.dropped(ClientCounters.CLOSED, 1);
            return;
        }
        if (queue.offer(event)) {
            enqueued.incrementAndGet();
            counters.accepted.increment();
        } else if (spill != null && spill.offer(event)) {
            counters.accepted.increment();
        } else {
            counters.dropped(spill == null ? ClientCounters.QUEUE_FULL : ClientCounters.SPILL_FULL, 1);
        }
    }

    public ClientStats stats() {
        return counters.snapshot(queue.size());
    }

    /**
     * Waits until every event queued before this call is sent or dropped, or the timeout passes.
     * Spilled events are on disk and replayed later; they do not hold up a flush.
     *
     * @return true if everything was handled in time
     */
    public boolean flush(Duration timeout) {
        long target = enqueued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        queue.wakeUp();
        while (finished.get() < target) {
            queue.wakeUp(); // don't let a partial batch wait for the flush interval
            if (System.nanoTime() >= deadline) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /**
     * Stops taking events, delivers what is queued within {@code timeout}, then stops the worker and
     * closes the exporter. What is left is spilled to disk (SPILL) or dropped as {@code closed}.
     *
     * @return true if everything queued was delivered or spilled in time
     */
    public synchronized boolean close(Duration timeout) {
        if (closed) {
            return true;
        }
        closeDeadlineNanos = System.nanoTime() + timeout.toNanos();
        closed = true;
        boolean delivered = flush(timeout);
        worker.interrupt();
        try {
            // What is left of the timeout, plus a moment for the worker to hand its leftovers to the spill.
            worker.join(Math.max(0, (closeDeadlineNanos - System.nanoTime()) / 1_000_000) + 500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // If the worker is stuck in an export that ignores interrupts, the queue is handled here.
        List<SpecificRecord> left = new ArrayList<>();
        queue.drainTo(left, Integer.MAX_VALUE);
        leftBehind(left);
        finished.addAndGet(left.size());
        if (spill != null) {
            spill.close();
        }
        exporter.close();
        return delivered;
    }

    private void run() {
        Deque<InFlight> inFlight = new ArrayDeque<>();
        while (!closed || !queue.isEmpty() || !inFlight.isEmpty()) {
            completeFinishedExports(inFlight, inFlight.size() >= MAX_IN_FLIGHT);
            List<SpecificRecord> batch = new ArrayList<>(settings.maxBatchSize());
            try {
                // While exports are in flight, look back soon to account for them.
                long waitMillis = inFlight.isEmpty() ? settings.flushInterval().toMillis() : 1;
                if (queue.await(batch, settings.maxBatchSize(), waitMillis, TimeUnit.MILLISECONDS) == 0) {
                    if (inFlight.isEmpty() && !replaySpilled()) {
                        exporter.onIdle();
                    }
                    continue;
                }
            } catch (InterruptedException e) {
                if (!closed) {
                    continue;
                }
                queue.drainTo(batch, settings.maxBatchSize());
                if (batch.isEmpty()) {
                    completeFinishedExports(inFlight, true);
                    continue;
                }
            }
            if (System.nanoTime() > closeDeadlineNanos) {
                leftBehind(batch);
                finished.addAndGet(batch.size());
            } else {
                inFlight.add(new InFlight(batch, startExport(batch)));
            }
        }
        // Closing: whatever could not be delivered in time stays safe on disk or is counted.
        List<SpecificRecord> left = new ArrayList<>();
        queue.drainTo(left, Integer.MAX_VALUE);
        leftBehind(left);
        finished.addAndGet(left.size());
    }

    /** An export started but not yet accounted for. */
    private record InFlight(List<SpecificRecord> batch, CompletableFuture<Void> result) {}

    private CompletableFuture<Void> startExport(List<SpecificRecord> batch) {
        try {
            return exporter.exportAsync(batch);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Accounts for finished exports, oldest first; with {@code waitForOldest}, blocks until the oldest
     * finishes. A failed export is retried synchronously (see {@link #deliver}), which holds the worker
     * back while the destination is down: the queue then fills and the drop policy applies.
     */
    private void completeFinishedExports(Deque<InFlight> inFlight, boolean waitForOldest) {
        while (!inFlight.isEmpty() && (waitForOldest || inFlight.peek().result().isDone())) {
            waitForOldest = false;
            InFlight oldest = inFlight.poll();
            List<SpecificRecord> batch = oldest.batch();
            try {
                oldest.result().join();
                counters.sent.add(batch.size());
            } catch (CompletionException | CancellationException e) {
                List<SpecificRecord> retry = accountFailure(e.getCause() != null ? e.getCause() : e, batch);
                if (!retry.isEmpty()) {
                    counters.retried.increment();
                    sleep(settings.initialBackoff());
                    deliver(retry, true);
                }
            }
            finished.addAndGet(batch.size());
        }
    }

    /** Replays one chunk of spilled events, if any; true if there was something to replay. */
    private boolean replaySpilled() {
        if (spill == null || closed) {
            return false;
        }
        if (!spill.hasReadyFiles()) {
            return false;
        }
        List<SpecificRecord> chunk = spill.nextChunk(settings.maxBatchSize());
        if (deliver(new ArrayList<>(chunk), false)) {
            spill.commitChunk();
        }
        return true;
    }

    /**
     * Exports with retries until delivered, refused, or the client's close deadline.
     *
     * @param spillWhenGivingUp false for events replayed from disk: they are still in their file
     * @return true if nothing is left to deliver (sent, or refused and dropped)
     */
    private boolean deliver(List<SpecificRecord> batch, boolean spillWhenGivingUp) {
        List<SpecificRecord> pending = batch;
        Duration backoff = settings.initialBackoff();
        while (true) {
            if (System.nanoTime() > closeDeadlineNanos) {
                if (spillWhenGivingUp) {
                    leftBehind(pending);
                }
                return false;
            }
            try {
                exporter.export(pending);
                counters.sent.add(pending.size());
                return true;
            } catch (ExportException | RuntimeException e) {
                pending = accountFailure(e, pending);
            }
            if (pending.isEmpty()) {
                return true;
            }
            counters.retried.increment();
            if (System.nanoTime() + backoff.toNanos() > closeDeadlineNanos) {
                if (spillWhenGivingUp) {
                    leftBehind(pending);
                }
                return false;
            }
            LOG.debug("Raymon export failed, retrying {} events in {} ms", pending.size(), backoff.toMillis());
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                    ? settings.maxBackoff() : backoff.multipliedBy(2);
        }
    }

    /**
     * Counts what a failed export still delivered and what it lost for good (refused by the
     * destination); returns the events worth trying again.
     */
    private List<SpecificRecord> accountFailure(Throwable failure, List<SpecificRecord> attempted) {
        if (!(failure instanceof ExportException export)) {
            // Exporters report outages as ExportException; anything else is a bug that retrying won't fix.
            counters.dropped(ClientCounters.REFUSED, attempted.size());
            LOG.error("Raymon exporter failed unexpectedly, dropping {} events", attempted.size(), failure);
            return List.of();
        }
        List<SpecificRecord> undelivered = export.undelivered().isEmpty() ? attempted : export.undelivered();
        counters.sent.add(attempted.size() - undelivered.size());
        if (!export.isRetriable()) {
            counters.dropped(ClientCounters.REFUSED, undelivered.size());
            LOG.warn("Raymon refused {} events, dropping them: {}", undelivered.size(), export.getMessage());
            return List.of();
        }
        return new ArrayList<>(undelivered);
    }

    private void leftBehind(List<SpecificRecord> events) {
        for (SpecificRecord event : events) {
            if (spill == null || !spill.offer(event)) {
                counters.dropped(ClientCounters.CLOSED, 1);
            }
        }
    }

    /** Sleeps, waking early only to honour a close deadline. */
    private void sleep(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until && System.nanoTime() < closeDeadlineNanos) {
            LockSupport.parkNanos(Math.min(until, closeDeadlineNanos) - System.nanoTime());
            Thread.interrupted(); // an interrupt from close() only shortens the wait
        }
    }
}
