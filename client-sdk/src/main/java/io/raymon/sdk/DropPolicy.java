package io.raymon.sdk;

/** What the client does with an event when its in-memory queue is full (the destination is slow or down). */
public enum DropPolicy {
    /** The event is dropped and counted under {@code queue_full}: data is lost, memory stays bounded. */
    DROP,
    /**
     * The event is written to local disk (in {@code spillDirectory}, up to {@code maxSpillBytes}) by a
     * background thread and delivered when the destination is back, also after a restart of the
     * process. Only beyond the disk bound are events dropped ({@code spill_full}).
     */
    SPILL
}
