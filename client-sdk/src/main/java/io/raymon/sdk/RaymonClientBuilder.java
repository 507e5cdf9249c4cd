package io.raymon.sdk;

import io.raymon.sdk.internal.ClientCounters;
import io.raymon.sdk.internal.DeliveryPipeline;
import io.raymon.sdk.profile.ReferenceProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Configures a {@link RaymonClient}. {@link #build()} validates every setting and throws a
 * {@link RaymonConfigException} naming the first bad one; nothing else in the SDK throws.
 */
public final class RaymonClientBuilder {
    public static final int DEFAULT_MAX_QUEUE_SIZE = 10_000;
    public static final int DEFAULT_MAX_BATCH_SIZE = 1_000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final long DEFAULT_MAX_SPILL_BYTES = 1024L * 1024 * 1024;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    String project;
    String serviceName = "unknown";
    Exporter exporter;
    int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
    int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    DropPolicy dropPolicy = DropPolicy.DROP;
    Path spillDirectory;
    long maxSpillBytes = DEFAULT_MAX_SPILL_BYTES;
    int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    Clock clock = Clock.systemUTC();
    final Map<String, ReferenceProfile> profiles = new HashMap<>();

    RaymonClientBuilder() {}

    /** Required. The Raymon project (tenant) every event belongs to: 1-64 letters, digits, '.', '_', '-'. */
    public RaymonClientBuilder project(String project) {
        this.project = project;
        return this;
    }

    /** Name of this service, recorded on its trace steps. Default {@code unknown}. */
    public RaymonClientBuilder serviceName(String serviceName) {
        this.serviceName = serviceName;
        return this;
    }

    /** Required. Where events go: {@code KafkaExporter}, {@code HttpExporter}, {@code FileExporter} or your own. */
    public RaymonClientBuilder exporter(Exporter exporter) {
        this.exporter = exporter;
        return this;
    }

    /** Events held in memory while the exporter catches up. Default {@value #DEFAULT_MAX_QUEUE_SIZE}. */
    public RaymonClientBuilder maxQueueSize(int maxQueueSize) {
        this.maxQueueSize = maxQueueSize;
        return this;
    }

    /** Most events per export call. Default {@value #DEFAULT_MAX_BATCH_SIZE}. */
    public RaymonClientBuilder maxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
        return this;
    }

    /** Longest an event waits for companions before its batch is exported. Default 100 ms. */
    public RaymonClientBuilder flushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
        return this;
    }

    /** What happens when the queue is full. Default {@link DropPolicy#DROP}; SPILL needs {@link #spillDirectory}. */
    public RaymonClientBuilder dropPolicy(DropPolicy dropPolicy) {
        this.dropPolicy = dropPolicy;
        return this;
    }

    /** Directory for spilled events (SPILL policy); one per client, kept across restarts. */
    public RaymonClientBuilder spillDirectory(Path spillDirectory) {
        this.spillDirectory = spillDirectory;
        return this;
    }

    /** Disk the spill may use. Default 1 GiB. */
    public RaymonClientBuilder maxSpillBytes(long maxSpillBytes) {
        this.maxSpillBytes = maxSpillBytes;
        return this;
    }

    /** Larger step payloads are truncated to this size (counted under {@code payload_truncated}). Default 64 KiB. */
    public RaymonClientBuilder maxPayloadBytes(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
        return this;
    }

    /** Wait after a failed export; doubles per attempt up to {@code max}. Defaults 100 ms and 10 s. */
    public RaymonClientBuilder retryBackoff(Duration initial, Duration max) {
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    /** Source of event times when the caller gives none. Default the system UTC clock. */
    public RaymonClientBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Validates predictions of the profile's model version against it; problems travel as validation tags. */
    public RaymonClientBuilder referenceProfile(ReferenceProfile profile) {
        if (profile != null) {
            profiles.put(profile.model() + '\n' + profile.modelVersion(), profile);
        }
        return this;
    }

    /**
     * @throws RaymonConfigException naming the first missing or invalid setting
     */
    public RaymonClient build() {
        if (project == null || !PROJECT.matcher(project).matches()) {
            throw new RaymonConfigException("project", "must be 1-64 letters, digits, '.', '_' or '-', was " + project);
        }
        if (exporter == null) {
            throw new RaymonConfigException("exporter", "is required (KafkaExporter, HttpExporter or FileExporter)");
        }
        if (serviceName == null || serviceName.isBlank()) {
            throw new RaymonConfigException("serviceName", "must not be blank");
        }
        positive("maxQueueSize", maxQueueSize);
        positive("maxBatchSize", maxBatchSize);
        positive("maxPayloadBytes", maxPayloadBytes);
        positive("maxSpillBytes", maxSpillBytes);
        positive("flushInterval", flushInterval);
        positive("retryBackoff.initial", initialBackoff);
        positive("retryBackoff.max", maxBackoff);
        if (dropPolicy == null) {
            throw new RaymonConfigException("dropPolicy", "must be DROP or SPILL");
        }
        if (dropPolicy == DropPolicy.SPILL && spillDirectory == null) {
            throw new RaymonConfigException("spillDirectory", "is required with DropPolicy.SPILL");
        }
        if (clock == null) {
            throw new RaymonConfigException("clock", "must not be null");
        }
        ClientCounters counters = new ClientCounters();
        DeliveryPipeline pipeline = new DeliveryPipeline(exporter, new DeliveryPipeline.Settings(maxQueueSize,
                maxBatchSize, flushInterval, dropPolicy, spillDirectory, maxSpillBytes, initialBackoff, maxBackoff),
                counters);
        return new RaymonClient(this, counters, pipeline);
    }

    private static void positive(String setting, long value) {
        if (value <= 0) {
            throw new RaymonConfigException(setting, "must be positive, was " + value);
        }
    }

    private static void positive(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new RaymonConfigException(setting, "must be a positive duration, was " + value);
        }
    }
}
