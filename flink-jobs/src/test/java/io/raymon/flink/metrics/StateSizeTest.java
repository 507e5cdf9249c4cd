package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.metrics.Resolution;
import java.util.SplittableRandom;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * What the ingest job keeps per open trace and per slice-window, in the serialized form RocksDB stores
 * and checkpoints hold, and as objects on the heap (the hashmap backend). The figures are printed for
 * docs/jobs/ingest.md ("Sizing") and bounded here so a change that fattens state fails a test.
 *
 * <p>Traffic shape of the soak benchmark: a binary classifier, three tags, a 32-character trace id;
 * windows filled with the outcomes of one model at 20 predictions/s shared by three models.
 */
class StateSizeTest {
    private static final long T0 = 1_780_000_000_000L;

    @Test
    void reportsAndBoundsTheStateOfOneTrace() throws Exception {
        TraceJoinState waiting = new TraceJoinState();
        waiting.putWaiting(soakPrediction(new SplittableRandom(1)).forJoinState());
        TraceJoinState joined = new TraceJoinState();
        joined.markJoined("churn");
        joined.actual = JoinFunctionTest.actual("t", "yes", T0 + 3_600_000).joinedActual();
        String key = soakPrediction(new SplittableRandom(1)).traceKey();

        byte[] waitingBytes = TraceJoinStateCodec.encode(waiting);
        byte[] joinedBytes = TraceJoinStateCodec.encode(joined);

        report("trace key (project + trace id)", serializedSize(key, String.class), GraphLayout.parseInstance(key).totalSize());
        report("waiting trace", waitingBytes.length, GraphLayout.parseInstance((Object) waitingBytes).totalSize());
        report("joined trace", joinedBytes.length, GraphLayout.parseInstance((Object) joinedBytes).totalSize());
        // Before the codec (Flink POJOs): 169 and 79 bytes serialized, 672 and 256 bytes of heap.
        assertThat(waitingBytes.length).isLessThan(100);
        assertThat(joinedBytes.length).isLessThan(30);
        assertThat(GraphLayout.parseInstance((Object) waitingBytes).totalSize()).isLessThan(130);
    }

    @Test
    void reportsAndBoundsTheStateOfOneSliceWindow() throws Exception {
        // One model's share of 20 predictions/s is 400 a minute; a tag value's slice sees a tenth of it.
        for (Resolution resolution : Resolution.values()) {
            for (int share : new int[] {1, 10}) {
                long outcomes = 400L * resolution.millis() / 60_000 / share;
                SliceMetricsRow row = filledWindow(resolution, (int) Math.min(outcomes, 200_000));
                long serialized = serializedSize(row, SliceMetricsRow.class);
                report(resolution.label() + " window, " + (share == 1 ? "global slice" : "a tenth of the traffic"),
                        serialized, GraphLayout.parseInstance(row).totalSize());
                assertThat(serialized).isLessThan(40_000);
            }
        }
    }

    @Test
    void reportsAndBoundsTheProfilesOfTenFeaturesInOneSliceWindow() throws Exception {
        for (Resolution resolution : Resolution.values()) {
            for (int share : new int[] {1, 10}) {
                long outcomes = 400L * resolution.millis() / 60_000 / share;
                SliceMetricsRow row = filledWindow(resolution, (int) Math.min(outcomes, 200_000), true);
                long serialized = serializedSize(row, SliceMetricsRow.class);
                long stored = row.toClickHouseRow().json.length();
                report(resolution.label() + " window, 10 features, " + (share == 1 ? "global" : "a tenth"),
                        serialized, GraphLayout.parseInstance(row).totalSize());
                System.out.printf("stored row: %s window, 10 features, %s: %d B of JSON%n", resolution.label(),
                        share == 1 ? "global" : "a tenth", stored);
                // Eight numeric features of a few hundred log buckets each, two categorical ones.
                assertThat(serialized).isLessThan(200_000);
            }
        }
    }

    /** A window with {@code outcomes} predictions, 60% of them labeled, latencies and scores spread out. */
    static SliceMetricsRow filledWindow(Resolution resolution, int outcomes) {
        return filledWindow(resolution, outcomes, false);
    }

    /** The same, with ten features per prediction when {@code features}. */
    static SliceMetricsRow filledWindow(Resolution resolution, int outcomes, boolean features) {
        SplittableRandom random = new SplittableRandom(resolution.ordinal());
        SliceAggregate sums = new SliceAggregate();
        TraceEvent first = null;
        for (int i = 0; i < outcomes; i++) {
            TraceEvent p = soakPrediction(random);
            if (features) {
                addTenFeatures(p, random);
            }
            first = first == null ? p : first;
            sums.add(Outcome.unlabeled(p));
            if (random.nextDouble() < 0.6) {
                long delay = (long) (random.nextDouble() * 48 * 3_600_000);
                sums.add(Outcome.labeled(p, JoinFunctionTest.actual(p.traceId, random.nextBoolean() ? "yes" : "no",
                        p.eventTimeMs + delay)));
            }
        }
        return SliceMetricsRow.of(SliceWindow.of(first, "country=BE", resolution), sums);
    }

    static TraceEvent soakPrediction(SplittableRandom random) {
        TraceEvent p = JoinFunctionTest.prediction(String.format("%032x", random.nextLong()), "churn", "yes", T0);
        p.project = "demo";
        p.modelVersion = "v2";
        p.tagKeys = new String[] {"client", "country", "device"};
        p.tagValues = new String[] {"client-" + random.nextInt(20), "BE", "ios"};
        p.slices = new String[] {"client=" + p.tagValues[0], "country=BE", "device=ios"};
        double yes = random.nextDouble();
        p.predictedLabel = yes >= 0.5 ? "yes" : "no";
        p.scoreLabels = new String[] {"no", "yes"};
        p.scoreValues = new double[] {1 - yes, yes};
        p.latencyMs = Math.exp(2 + random.nextDouble() * 3);
        return p;
    }

    /**
     * Typical inputs: amounts (log-normal), ratios in [0, 1], standardized scores (normal, both signs),
     * counts, a missing value one time in ten, a country (5 values) and a merchant category (50 values).
     */
    static void addTenFeatures(TraceEvent p, SplittableRandom random) {
        p.featureNames = new String[] {"amount", "balance", "ratio", "score_a", "score_b", "age", "items",
                "tenure_days", "country", "merchant_category"};
        p.featureNumbers = new double[] {
                Math.exp(3 + 1.5 * gaussian(random)), random.nextDouble() < 0.1 ? Double.NaN : Math.exp(6 + gaussian(random)),
                random.nextDouble(), gaussian(random), 2 * gaussian(random) + 1, 18 + random.nextInt(70),
                random.nextInt(20), random.nextInt(3_000), Double.NaN, Double.NaN};
        p.featureCategories = new String[] {null, null, null, null, null, null, null, null,
                "c" + random.nextInt(5), "m" + random.nextInt(50)};
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    static <T> long serializedSize(T value, Class<T> type) throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.length();
    }

    private static void report(String what, long serialized, long heap) {
        System.out.printf("state size: %-40s serialized %6d B, heap %7d B%n", what, serialized, heap);
    }
}
