package io.raymon.sdk.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.raymon.sdk.RaymonClient;
import java.util.List;

/**
 * Publishes a client's {@link RaymonClient#stats()} as Micrometer meters: {@code raymon.client.events}
 * counters tagged {@code outcome} (accepted, sent, spilled), {@code raymon.client.dropped} tagged
 * {@code reason}, {@code raymon.client.retries} and the gauge {@code raymon.client.queued}. Needs
 * micrometer-core on the classpath (an optional dependency of the SDK).
 *
 * <pre>{@code new RaymonClientMetrics(raymon).bindTo(meterRegistry);}</pre>
 */
public final class RaymonClientMetrics implements MeterBinder {
    /** Drop reasons registered up front, so dashboards see zeros rather than missing series. */
    static final List<String> DROP_REASONS = List.of("queue_full", "spill_full", "invalid_event", "refused", "closed");

    private final RaymonClient client;

    public RaymonClientMetrics(RaymonClient client) {
        this.client = client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("raymon.client.events", client, c -> c.stats().accepted())
                .tag("outcome", "accepted").description("events taken into the queue or the spill").register(registry);
        FunctionCounter.builder("raymon.client.events", client, c -> c.stats().sent())
                .tag("outcome", "sent").description("events the destination confirmed").register(registry);
        FunctionCounter.builder("raymon.client.events", client, c -> c.stats().spilled())
                .tag("outcome", "spilled").description("events written to local disk").register(registry);
        FunctionCounter.builder("raymon.client.retries", client, c -> c.stats().retried())
                .description("failed export attempts that were retried").register(registry);
        for (String reason : DROP_REASONS) {
            FunctionCounter.builder("raymon.client.dropped", client, c -> c.stats().dropped().getOrDefault(reason, 0L))
                    .tag("reason", reason).description("events lost").register(registry);
        }
        Gauge.builder("raymon.client.queued", client, c -> c.stats().queued())
                .description("events waiting in memory").register(registry);
    }
}
