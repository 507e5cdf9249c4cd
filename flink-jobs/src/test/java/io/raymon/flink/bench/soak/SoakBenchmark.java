package io.raymon.flink.bench.soak;

import com.clickhouse.client.api.Client;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.serde.EventSerializer;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.raymon.flink.ingest.IngestJobConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./raymon bench soak}: simulated days of traffic ({@link SoakTraffic}) through the ingest job
 * that the launcher started with {@code ./raymon up}'s settings, in topics and a ClickHouse database of
 * the run's own. Samples the job while it works ({@link JobSampler}), waits until every prediction and
 * label is stored and counted, checks every slice-window against the raw tables ({@link SoakCheck}),
 * and writes the samples (CSV), a plot (SVG) and a summary.
 *
 * <p>Arguments: {@code <days> <predictions per second> <job pid> <metrics port> <output dir>}; or
 * {@code check} to compare the last run's tables again; or {@code plot <samples.csv> <out.svg> <title>}
 * to draw the samples of a run that was stopped early.
 */
public final class SoakBenchmark {
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    private static final Duration GIVE_UP_AFTER = Duration.ofHours(4);
    /**
     * Records sent but not yet read by the job. Live traffic reaches the job in arrival order; a backlog
     * would not (the Kafka source fetches by bytes, so it reads the small actuals far ahead of their
     * predictions), so the generator waits whenever the job is this far behind.
     */
    private static final long MAX_BACKLOG = 50_000;

    private SoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("check")) {
            try (Client client = ClickHouseClients.open(ClickHouseSettings.fromEnv(), SoakCheck.QUERY_TIMEOUT)) {
                new SoakCheck(client, Files.createTempDirectory("soak-check")).compareAll()
                        .forEach(line -> System.out.println("  " + line));
            }
            return;
        }
        if (args[0].equals("plot")) {
            List<JobSampler.Sample> samples = Files.readAllLines(Path.of(args[1])).stream().skip(1)
                    .map(SoakBenchmark::sample).toList();
            Files.writeString(Path.of(args[2]), plot(args[3], samples));
            return;
        }
        int days = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        if (days < 1 || days > 27 || rate < 1 || 1000 % rate != 0) {
            // Events older than the job's 30-day maximum age (simulated days end two days ago) are dead-lettered.
            throw new IllegalArgumentException("days must be 1..27 and the rate a divisor of 1000, got " + days
                    + " days at " + rate + "/s");
        }
        long jobPid = Long.parseLong(args[2]);
        int metricsPort = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        IngestJobConfig config = IngestJobConfig.fromEnv();
        ClickHouseSettings clickHouse = ClickHouseSettings.fromEnv();
        // The simulated days end two days ago, so the latest labels (48 h later) are not in the future.
        Instant start = Instant.now().minus(Duration.ofDays(days + 2)).truncatedTo(ChronoUnit.DAYS);
        SoakTraffic traffic = new SoakTraffic(20261202, start, Duration.ofDays(days), rate);

        try (Client client = ClickHouseClients.open(clickHouse, SoakCheck.QUERY_TIMEOUT);
                JobSampler sampler = new JobSampler(metricsPort, jobPid, () -> count(client,
                        "SELECT count() FROM predictions WHERE project = 'soak'"), out.resolve("soak-samples.csv"))) {
            sampler.start(SAMPLE_EVERY);
            long startNanos = System.nanoTime();
            long[] sent = produce(traffic, config, sampler);
            System.out.printf("sent %,d predictions and %,d actuals in %.0f s%n", sent[0], sent[1], seconds(startNanos));
            awaitEverythingCounted(client, sent[0], sent[1], jobPid, sampler);
            double ingestSeconds = seconds(startNanos);
            Thread.sleep(SAMPLE_EVERY.toMillis()); // one more sample of the settled job

            System.out.println("checking every slice-window against the raw tables (minutes, hours, days)...");
            List<String> comparisons = new SoakCheck(client, Files.createTempDirectory("soak-check")).compareAll();
            comparisons.forEach(line -> System.out.println("  " + line));
            List<JobSampler.Sample> samples = sampler.samples();
            String summary = summary(days, rate, sent, ingestSeconds, samples, comparisons);
            System.out.println(summary);
            Files.writeString(out.resolve("soak-summary.md"), summary);
            Files.writeString(out.resolve("soak.svg"), plot(
                    "Ingest job, " + days + " simulated days at " + rate + " predictions/s (./raymon bench soak)", samples));
            System.out.println("samples, summary and plot in " + out);
        }
    }

    /** Sends the traffic in arrival order, as fast as the job reads it; returns {predictions, actuals}. */
    private static long[] produce(SoakTraffic traffic, IngestJobConfig config, JobSampler job) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        EventSerializer serializer = new EventSerializer(new ConfluentRegistryClient(config.schemaRegistryUrl()));
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        long predictions = 0;
        long actuals = 0;
        long reportEvery = Math.max(1, traffic.predictions() / 20);
        long startNanos = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (traffic.hasNext()) {
                SpecificRecord event = traffic.next();
                boolean prediction = event instanceof Prediction;
                String topic = prediction ? config.topics().predictions() : config.topics().actuals();
                String traceId = prediction ? ((Prediction) event).getTraceId() : ((Actual) event).getTraceId();
                producer.send(new ProducerRecord<>(topic, traceId.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(topic, event)), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                acknowledged.incrementAndGet();
                            }
                        });
                if (prediction && ++predictions % reportEvery == 0) {
                    System.out.printf("  produced %,d of %,d predictions (%.0f%%), %,.0f events/s%n", predictions,
                            traffic.predictions(), 100.0 * predictions / traffic.predictions(),
                            (predictions + actuals) / seconds(startNanos));
                }
                if (!prediction) {
                    actuals++;
                }
                if ((predictions + actuals) % 5_000 == 0) {
                    awaitBacklogBelow(MAX_BACKLOG, acknowledged, job);
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("Kafka refused an event", failure.get());
                }
            }
            producer.flush();
        }
        if (failure.get() != null || acknowledged.get() != predictions + actuals) {
            throw new IllegalStateException("not every event reached Kafka", failure.get());
        }
        return new long[] {predictions, actuals};
    }

    private static void awaitBacklogBelow(long maxBacklog, AtomicLong sent, JobSampler job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            long read = job.recordsRead();
            if (read >= 0 && sent.get() - read < maxBacklog) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(read < 0 ? "the job reports no Kafka offsets (metric currentOffset)"
                        : "the job read nothing for 5 minutes (" + read + " of " + sent.get() + " records)");
            }
            Thread.sleep(200);
        }
    }

    /** Until ClickHouse holds every event and the metrics count every prediction and label. */
    private static void awaitEverythingCounted(Client client, long predictions, long actuals, long jobPid,
            JobSampler sampler) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        String countedSql = "SELECT sum(predictions), sum(labeled) FROM (SELECT argMax(predictions, version) AS predictions,"
                + " argMax(labeled, version) AS labeled FROM slice_metrics_1m WHERE project = 'soak' AND slice = '__all__'"
                + " GROUP BY model, model_version, window_start, part)";
        while (true) {
            long storedPredictions = count(client, "SELECT count() FROM predictions FINAL WHERE project = 'soak'");
            long storedActuals = count(client, "SELECT count() FROM actuals FINAL WHERE project = 'soak'");
            String[] counted = text(client, countedSql).split("\t");
            System.out.printf("  stored %,d / %,d predictions, %,d / %,d actuals; metrics count %s predictions, %s labels%n",
                    storedPredictions, predictions, storedActuals, actuals, counted[0], counted[1]);
            if (storedPredictions == predictions && storedActuals == actuals
                    && Long.parseLong(counted[0]) == predictions && Long.parseLong(counted[1]) == actuals) {
                return;
            }
            if (ProcessHandle.of(jobPid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                throw new IllegalStateException("the job's process ended; read var/log/flink-jobs.log");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not everything was counted within " + GIVE_UP_AFTER);
            }
            Thread.sleep(30_000);
        }
    }

    private static String summary(int days, int rate, long[] sent, double seconds, List<JobSampler.Sample> samples,
            List<String> comparisons) {
        JobSampler.Sample last = samples.get(samples.size() - 1);
        double peakHeap = samples.stream().mapToDouble(JobSampler.Sample::heapMb).max().orElse(0);
        double peakRss = samples.stream().mapToDouble(JobSampler.Sample::rssMb).max().orElse(0);
        double peakLive = samples.stream().mapToDouble(JobSampler.Sample::liveMb).max().orElse(0);
        double peakFiles = samples.stream().mapToDouble(JobSampler.Sample::filesMb).max().orElse(0);
        double peakCheckpoint = samples.stream().mapToDouble(JobSampler.Sample::checkpointMb).max().orElse(0);
        double peakFull = samples.stream().mapToDouble(JobSampler.Sample::checkpointFullMb).max().orElse(0);
        double peakDuration = samples.stream().mapToDouble(JobSampler.Sample::checkpointMs).max().orElse(0);
        double peakOpen = samples.stream().mapToDouble(JobSampler.Sample::openTraces).max().orElse(0);
        boolean exact = comparisons.stream().allMatch(line -> line.contains(" 0 mismatches"));
        return String.format("""
                | soak: %d simulated days at %d predictions/s | result |
                |---|---|
                | events | %,d predictions, %,d actuals (%,d records) |
                | time until every event was stored and counted | %.0f s (%,.0f records/s) |
                | restarts / failed checkpoints / completed checkpoints | %.0f / %.0f / %.0f |
                | peak heap used / peak RSS of the job's JVM | %.0f MB / %.0f MB |
                | peak RocksDB live data / files | %.0f MB / %.0f MB |
                | peak checkpoint: uploaded / full state / duration | %.1f MB / %.0f MB / %.0f ms |
                | peak predictions waiting for their actual | %,.0f |
                | every slice-window equals the raw tables | %s |
                """, days, rate, sent[0], sent[1], sent[0] + sent[1], seconds, (sent[0] + sent[1]) / seconds,
                last.restarts(), last.failedCheckpoints(), last.checkpoints(), peakHeap, peakRss, peakLive, peakFiles,
                peakCheckpoint, peakFull, peakDuration, peakOpen, exact ? "yes" : "NO (see the comparison lines)");
    }

    private static JobSampler.Sample sample(String csvLine) {
        double[] v = Arrays.stream(csvLine.split(",")).mapToDouble(Double::parseDouble).toArray();
        return new JobSampler.Sample(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]);
    }

    private static String plot(String title, List<JobSampler.Sample> samples) {
        return SvgChart.render(title, samples, s -> s.seconds() / 60, "min", List.of(
                        new SvgChart.Panel<>("JVM memory", "MB", List.of(
                                new SvgChart.Series<>("heap used", JobSampler.Sample::heapMb),
                                new SvgChart.Series<>("resident set (RSS)", JobSampler.Sample::rssMb))),
                        new SvgChart.Panel<>("State", "MB", List.of(
                                new SvgChart.Series<>("RocksDB live data", JobSampler.Sample::liveMb),
                                new SvgChart.Series<>("RocksDB files", JobSampler.Sample::filesMb),
                                new SvgChart.Series<>("last checkpoint, full", JobSampler.Sample::checkpointFullMb))),
                        new SvgChart.Panel<>("Last checkpoint", "ms / MB x 100", List.of(
                                new SvgChart.Series<>("duration (ms)", JobSampler.Sample::checkpointMs),
                                new SvgChart.Series<>("uploaded (MB x 100)", s -> s.checkpointMb() * 100))),
                        new SvgChart.Panel<>("Progress", "count", List.of(
                                new SvgChart.Series<>("predictions stored", JobSampler.Sample::storedPredictions),
                                new SvgChart.Series<>("predictions waiting for their actual", JobSampler.Sample::openTraces)))));
    }

    private static long count(Client client, String sql) {
        return Long.parseLong(text(client, sql));
    }

    private static String text(Client client, String sql) {
        try (var response = client.query(sql + " FORMAT TabSeparated").get(5, TimeUnit.MINUTES);
                BufferedReader reader = new BufferedReader(new InputStreamReader(response.getInputStream(),
                        StandardCharsets.UTF_8))) {
            return reader.readLine().strip();
        } catch (Exception e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
