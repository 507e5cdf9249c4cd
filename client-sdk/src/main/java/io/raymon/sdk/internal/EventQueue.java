package io.raymon.sdk.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;

/**
 * A bounded multi-producer, single-consumer queue. Callers never take a lock and, unlike a
 * {@code BlockingQueue}, do not wake the consumer on every offer (a system call each): the consumer
 * sleeps up to a timeout and is woken only when a full batch is waiting or someone asks for a flush.
 */
final class EventQueue {
    private final ConcurrentLinkedQueue<SpecificRecord> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final int wakeUpAt;
    private volatile Thread consumer;

    EventQueue(int capacity, int wakeUpAt) {
        this.capacity = capacity;
        this.wakeUpAt = Math.min(wakeUpAt, capacity);
    }

    /** Never blocks; false when full. */
    boolean offer(SpecificRecord event) {
        int newSize = size.incrementAndGet();
        if (newSize > capacity) {
            size.decrementAndGet();
            return false;
        }
        events.offer(event);
        if (newSize == wakeUpAt) {
            wakeUp();
        }
        return true;
    }

    int size() {
        return Math.max(0, size.get());
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    /** Wakes the consumer if it waits in {@link #await}. */
    void wakeUp() {
        Thread waiting = consumer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /**
     * Consumer only: waits until a batch is ready, {@link #wakeUp} is called, the thread is interrupted
     * or {@code timeout} passes, then moves up to {@code max} events into {@code into}.
     *
     * @throws InterruptedException if the consumer was interrupted
     */
    int await(List<SpecificRecord> into, int max, long timeout, TimeUnit unit) throws InterruptedException {
        if (size.get() < wakeUpAt) {
            consumer = Thread.currentThread();
            if (size.get() < wakeUpAt) { // re-check: an offer may have crossed the threshold meanwhile
                LockSupport.parkNanos(this, unit.toNanos(timeout));
            }
            consumer = null;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return drainTo(into, max);
    }

    /** Consumer only: moves up to {@code max} events into {@code into} without waiting. */
    int drainTo(List<SpecificRecord> into, int max) {
        int moved = 0;
        SpecificRecord event;
        while (moved < max && (event = events.poll()) != null) {
            into.add(event);
            moved++;
        }
        size.addAndGet(-moved);
        return moved;
    }
}
