package io.raymon.flink.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class PerPartitionWatermarksTest {
    private static final long OUT_OF_ORDERNESS = 60_000;
    private static final long IDLE_AFTER = 60_000;
    private static final long DAY = 86_400_000L;

    /** An event: the partition it came from and its event time. */
    private record Event(long partition, long time) {}

    private static final long WARM_UP = 10_000;
    private static final long STARTED = 1_000;

    private long now = STARTED;
    private final Output output = new Output();
    private final PerPartitionWatermarks<Event> watermarks =
            new PerPartitionWatermarks<>(Event::partition, OUT_OF_ORDERNESS, IDLE_AFTER, WARM_UP, () -> now);

    @Test
    void emitsNothingWhileItLearnsWhichPartitionsItReads() {
        send(new Event(1, 10 * DAY)); // a backlogged actuals partition answers first after a restart
        now = STARTED + WARM_UP - 1;
        watermarks.onPeriodicEmit(output);
        assertThat(output.watermarks).isEmpty();

        send(new Event(2, DAY));
        now = STARTED + WARM_UP;
        watermarks.onPeriodicEmit(output);

        assertThat(output.watermarks).containsExactly(DAY - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void followsTheSlowestPartitionSoABacklogOfOneTopicDoesNotCloseTheOthersWindows() {
        now = STARTED + WARM_UP;
        send(new Event(1, 10 * DAY)); // actuals read far ahead
        send(new Event(2, DAY));      // predictions still being read

        watermarks.onPeriodicEmit(output);

        assertThat(output.watermarks).containsExactly(DAY - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void aQuietPartitionStopsHoldingTimeBackAndAllQuietMeansIdleUntilRecordsFlowAgain() {
        send(new Event(1, DAY));
        now += IDLE_AFTER;
        send(new Event(2, 2 * DAY));
        watermarks.onPeriodicEmit(output);
        assertThat(output.watermarks).containsExactly(2 * DAY - OUT_OF_ORDERNESS - 1);

        now += IDLE_AFTER;
        watermarks.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();

        send(new Event(1, DAY + 1)); // behind the watermark: no new watermark, but active again
        watermarks.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
    }

    @Test
    void neverGoesBack() {
        now = STARTED + WARM_UP;
        send(new Event(1, 2 * DAY));
        watermarks.onPeriodicEmit(output);
        send(new Event(2, DAY)); // a partition seen for the first time, behind

        watermarks.onPeriodicEmit(output);

        assertThat(output.watermarks).containsExactly(2 * DAY - OUT_OF_ORDERNESS - 1);
    }

    private void send(Event event) {
        watermarks.onEvent(event, event.time(), output);
    }

    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
