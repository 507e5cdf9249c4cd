package io.raymon.flink.common.monitoring;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the job's log how big its state is and whether it is in trouble, every report interval: open
 * traces per model, RocksDB's live data and files, the last checkpoint's size and duration, failed
 * checkpoints and restarts, and the heap left after the last garbage collection. It warns, naming the
 * setting to change, when the heap after collection passes {@value #HEAP_WARN_PERCENT}% of its maximum,
 * when a checkpoint takes more than half the checkpoint interval, and when checkpoints fail or the job
 * restarts. The same metrics go to Prometheus when that reporter is configured.
 */
public final class StateHealthReporter implements MetricReporter, Scheduled {
    public static final String CHECKPOINT_INTERVAL_MS = "checkpointIntervalMs";
    static final int HEAP_WARN_PERCENT = 80;
    private static final Logger LOG = LoggerFactory.getLogger(StateHealthReporter.class);

    /** A tracked gauge, with the model it counts for (openTraces only). */
    private record Tracked(String name, String model, Gauge<?> gauge) {}

    private final Map<String, Tracked> gauges = new ConcurrentHashMap<>();
    private long checkpointIntervalMs;
    private long failedCheckpointsSeen;
    private long restartsSeen;

    /** Created by Flink from {@code metrics.reporter.<name>.factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new StateHealthReporter();
        }
    }

    @Override
    public void open(MetricConfig config) {
        checkpointIntervalMs = Long.parseLong(config.getString(CHECKPOINT_INTERVAL_MS, "30000"));
    }

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Gauge<?> gauge && tracked(name)) {
            gauges.put(group.getMetricIdentifier(name), new Tracked(name, group.getAllVariables().get("<model>"), gauge));
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        gauges.remove(group.getMetricIdentifier(name));
    }

    private static boolean tracked(String name) {
        return switch (name) {
            case "openTraces", "rocksdb.estimate-live-data-size", "rocksdb.total-sst-files-size", "lastCheckpointSize",
                    "lastCheckpointFullSize", "lastCheckpointDuration", "numberOfFailedCheckpoints", "numRestarts" -> true;
            default -> false;
        };
    }

    @Override
    public void report() {
        Health health = measure(heapAfterLastCollection());
        LOG.info("State: {}", health.summary());
        for (String warning : warnings(health)) {
            LOG.warn(warning);
        }
    }

    /** What the job's state looks like now, summed over subtasks. */
    record Health(Map<String, Long> openTraces, long rocksDbLiveData, long rocksDbFiles, long checkpointSize,
            long checkpointFullSize, long checkpointMs, long failedCheckpoints, long restarts, MemoryUsage heap) {
        String summary() {
            return String.format("open traces %s; RocksDB live data %s, files %s; last checkpoint %s (full %s) in %s ms;"
                    + " failed checkpoints %d, restarts %d; heap after the last collection %s of %s", openTraces,
                    bytes(rocksDbLiveData), bytes(rocksDbFiles), bytes(checkpointSize), bytes(checkpointFullSize),
                    checkpointMs < 0 ? "-" : Long.toString(checkpointMs), failedCheckpoints, restarts,
                    bytes(heap.getUsed()), bytes(heap.getMax()));
        }
    }

    Health measure(MemoryUsage heap) {
        Map<String, Long> openTraces = new TreeMap<>();
        long liveData = 0;
        long files = 0;
        long size = -1;
        long fullSize = -1;
        long duration = -1;
        long failed = 0;
        long restarts = 0;
        for (Tracked tracked : gauges.values()) {
            long value = longValue(tracked.gauge());
            switch (tracked.name()) {
                case "openTraces" -> openTraces.merge(String.valueOf(tracked.model()), value, Long::sum);
                case "rocksdb.estimate-live-data-size" -> liveData += value;
                case "rocksdb.total-sst-files-size" -> files += value;
                case "lastCheckpointSize" -> size = value;
                case "lastCheckpointFullSize" -> fullSize = value;
                case "lastCheckpointDuration" -> duration = value;
                case "numberOfFailedCheckpoints" -> failed = value;
                default -> restarts = value; // numRestarts
            }
        }
        return new Health(openTraces, liveData, files, size, fullSize, duration, failed, restarts, heap);
    }

    /** What to tell the user, naming the setting to change; remembers failures already reported. */
    List<String> warnings(Health health) {
        List<String> warnings = new ArrayList<>();
        MemoryUsage heap = health.heap();
        if (heap.getMax() > 0 && heap.getUsed() * 100 > heap.getMax() * HEAP_WARN_PERCENT) {
            warnings.add(String.format("The heap is %d%% full after garbage collection (%s of %s): the job will run out"
                    + " of memory. Raise RAYMON_FLINK_HEAP, keep state in RocksDB (RAYMON_STATE_BACKEND=rocksdb, the"
                    + " default), or lower RAYMON_MAX_OPEN_TRACES.", heap.getUsed() * 100 / heap.getMax(),
                    bytes(heap.getUsed()), bytes(heap.getMax())));
        }
        if (health.checkpointMs() > checkpointIntervalMs / 2) {
            warnings.add(String.format("The last checkpoint took %d ms, more than half of RAYMON_CHECKPOINT_INTERVAL_MS"
                    + " (%d): state grows faster than it can be saved; use RocksDB (incremental checkpoints) or a"
                    + " longer interval.", health.checkpointMs(), checkpointIntervalMs));
        }
        if (health.failedCheckpoints() > failedCheckpointsSeen || health.restarts() > restartsSeen) {
            warnings.add(String.format("%d checkpoint(s) failed and the job restarted %d time(s) so far; Flink logged"
                    + " the reasons above.", health.failedCheckpoints(), health.restarts()));
        }
        failedCheckpointsSeen = health.failedCheckpoints();
        restartsSeen = health.restarts();
        return warnings;
    }

    /**
     * The old generation's use right after the last collection that reached it (what state really holds),
     * or its current use before any such collection.
     */
    private static MemoryUsage heapAfterLastCollection() {
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")) {
                MemoryUsage afterCollection = pool.getCollectionUsage();
                long used = afterCollection != null && afterCollection.getUsed() > 0 ? afterCollection.getUsed()
                        : pool.getUsage().getUsed();
                return new MemoryUsage(0, used, used, max);
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    }

    private static long longValue(Gauge<?> gauge) {
        Object value = gauge.getValue();
        return value instanceof Number number ? number.longValue() : 0;
    }

    private static String bytes(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 10L << 20) {
            return (bytes >> 10) + " KB";
        }
        return (bytes >> 20) + " MB";
    }
}
