package io.raymon.flink.bench.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples the running job every few seconds: its process's resident memory (from /proc) and, from its
 * Prometheus endpoint, heap in use, RocksDB's live data and files, the last checkpoint's size (the
 * incremental upload and the full state) and duration, completed and failed checkpoints, restarts and
 * open traces; plus how many predictions ClickHouse holds. Every sample is a CSV line.
 */
final class JobSampler implements AutoCloseable {
    static final String HEADER = "seconds,heap_mb,rss_mb,rocksdb_live_mb,rocksdb_files_mb,checkpoint_mb,"
            + "checkpoint_full_mb,checkpoint_ms,checkpoints,failed_checkpoints,restarts,open_traces,stored_predictions";

    /** One sample; sizes in MB. */
    record Sample(double seconds, double heapMb, double rssMb, double liveMb, double filesMb, double checkpointMb,
            double checkpointFullMb, double checkpointMs, double checkpoints, double failedCheckpoints, double restarts,
            double openTraces, double storedPredictions) {
        String csv() {
            return String.format("%.0f,%.1f,%.1f,%.1f,%.1f,%.2f,%.1f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f", seconds, heapMb, rssMb,
                    liveMb, filesMb, checkpointMb, checkpointFullMb, checkpointMs, checkpoints, failedCheckpoints,
                    restarts, openTraces, storedPredictions);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metrics;
    private final long pid;
    private final LongSupplier storedPredictions;
    private final PrintWriter csv;
    private final long startNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    JobSampler(int metricsPort, long pid, LongSupplier storedPredictions, Path csvFile) throws IOException {
        this.metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
        this.pid = pid;
        this.storedPredictions = storedPredictions;
        Files.createDirectories(csvFile.getParent());
        this.csv = new PrintWriter(Files.newBufferedWriter(csvFile));
        csv.println(HEADER);
    }

    void start(Duration every) {
        timer.scheduleAtFixedRate(this::sampleQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    synchronized Sample last() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }

    private void sampleQuietly() {
        try {
            Sample sample = sample();
            synchronized (this) {
                samples.add(sample);
                csv.println(sample.csv());
                csv.flush();
            }
        } catch (Exception e) {
            System.err.println("sampler: " + e.getMessage());
        }
    }

    /**
     * Records the job's Kafka sources have read, from their offsets (the soak's topics are new, so an
     * offset counts the records before it); -1 before the sources report any.
     */
    long recordsRead() throws Exception {
        String text = scrape();
        return text.contains("_currentOffset") ? (long) sum(text, "_currentOffset") : -1;
    }

    private String scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private Sample sample() throws Exception {
        String text = scrape();
        double mb = 1 << 20;
        return new Sample((System.nanoTime() - startNanos) / 1e9,
                first(text, "flink_taskmanager_Status_JVM_Memory_Heap_Used") / mb,
                rssKb() / 1024.0,
                sum(text, "_rocksdb_estimate_live_data_size") / mb,
                sum(text, "_rocksdb_total_sst_files_size") / mb,
                first(text, "flink_jobmanager_job_lastCheckpointSize") / mb,
                first(text, "flink_jobmanager_job_lastCheckpointFullSize") / mb,
                first(text, "flink_jobmanager_job_lastCheckpointDuration"),
                first(text, "flink_jobmanager_job_numberOfCompletedCheckpoints"),
                first(text, "flink_jobmanager_job_numberOfFailedCheckpoints"),
                first(text, "flink_jobmanager_job_numRestarts"),
                sum(text, "_openTraces"),
                storedPredictions.getAsLong());
    }

    private long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Sum of every series whose metric name ends with {@code suffix} (subtasks, operators). */
    private static double sum(String exposition, String suffix) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#") && name(line).endsWith(suffix)) {
                sum += value(line);
            }
        }
        return sum;
    }

    private static double first(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#") && name(line).equals(name)) {
                return value(line);
            }
        }
        return -1;
    }

    private static String name(String line) {
        int end = line.indexOf('{');
        return end < 0 ? line.substring(0, Math.max(0, line.indexOf(' '))) : line.substring(0, end);
    }

    private static double value(String line) {
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        return Double.isNaN(value) ? 0 : value;
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        csv.close();
    }
}
