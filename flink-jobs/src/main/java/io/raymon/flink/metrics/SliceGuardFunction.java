package io.raymon.flink.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides the slices of each prediction and keeps their number bounded. Per (project, model), a
 * dimension is a tag key or a configured combination of tag keys ({@link SliceDimensions}); in each
 * dimension the {@code maxValues} values with the most traffic keep a slice of their own, the others
 * share {@code <dimension>=__other__}.
 *
 * <p>Traffic is counted per value and re-ranked every {@code rankEvery} predictions of the model; the
 * counts are then halved, and only the busiest {@value #KEPT_PER_SLOT} x {@code maxValues} candidates
 * per dimension are kept, so the ranking follows recent traffic and its state stays bounded. Until a
 * dimension has {@code maxValues} slices, new values get one at once (a quiet model is fully sliced).
 * A value that drops out of the top continues in {@code __other__}; rows already written keep it.
 *
 * <p>The decision travels with the prediction through the join, so its actual, however late, lands
 * in the same slices. Runs before the join, on predictions only.
 */
public class SliceGuardFunction extends KeyedProcessFunction<String, TraceEvent, TraceEvent> {
    public static final String OTHER = "__other__";
    static final int KEPT_PER_SLOT = 4;
    private static final char SEPARATOR = '\u0000';

    private final SliceDimensions dimensions;
    private final int maxValues;
    private final int rankEvery;
    /** dimension NUL slice -> (decayed) predictions since ranking began. */
    private transient MapState<String, Long> traffic;
    /** Slices with a series of their own. */
    private transient MapState<String, Boolean> owned;
    private transient MapState<String, Integer> ownedPerDimension;
    private transient ValueState<Integer> sinceRanking;

    public SliceGuardFunction(SliceDimensions dimensions, int maxValues, int rankEvery) {
        this.dimensions = dimensions;
        this.maxValues = maxValues;
        this.rankEvery = rankEvery;
    }

    @Override
    public void open(OpenContext context) {
        traffic = getRuntimeContext().getMapState(new MapStateDescriptor<>("traffic", String.class, Long.class));
        owned = getRuntimeContext().getMapState(new MapStateDescriptor<>("owned-slices", String.class, Boolean.class));
        ownedPerDimension = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("owned-per-dimension", String.class, Integer.class));
        sinceRanking = getRuntimeContext().getState(new ValueStateDescriptor<>("since-ranking", Integer.class));
    }

    @Override
    public void processElement(TraceEvent prediction, Context ctx, Collector<TraceEvent> out) throws Exception {
        List<SliceDimensions.Slice> candidates = dimensions.slicesOf(prediction);
        String[] slices = new String[candidates.size()];
        for (int i = 0; i < slices.length; i++) {
            SliceDimensions.Slice candidate = candidates.get(i);
            String trafficKey = candidate.dimension() + SEPARATOR + candidate.name();
            Long count = traffic.get(trafficKey);
            traffic.put(trafficKey, count == null ? 1 : count + 1);
            slices[i] = hasOwnSlice(candidate) ? candidate.name() : candidate.dimension() + '=' + OTHER;
        }
        out.collect(prediction.withSlices(slices));

        Integer seen = sinceRanking.value();
        int next = seen == null ? 1 : seen + 1;
        if (next >= rankEvery) {
            rank();
            next = 0;
        }
        sinceRanking.update(next);
    }

    private boolean hasOwnSlice(SliceDimensions.Slice slice) throws Exception {
        if (owned.contains(slice.name())) {
            return true;
        }
        Integer count = ownedPerDimension.get(slice.dimension());
        int current = count == null ? 0 : count;
        if (current >= maxValues) {
            return false;
        }
        owned.put(slice.name(), true);
        ownedPerDimension.put(slice.dimension(), current + 1);
        return true;
    }

    /** The busiest values of each dimension become its owned slices; counts decay by half. */
    private void rank() throws Exception {
        Map<String, List<Map.Entry<String, Long>>> byDimension = new HashMap<>();
        for (Map.Entry<String, Long> entry : traffic.entries()) {
            String key = entry.getKey();
            String dimension = key.substring(0, key.indexOf(SEPARATOR));
            byDimension.computeIfAbsent(dimension, d -> new ArrayList<>()).add(Map.entry(key, entry.getValue()));
        }
        traffic.clear();
        owned.clear();
        ownedPerDimension.clear();
        // Busiest first; ties by name so the ranking is deterministic (a replay decides the same).
        Comparator<Map.Entry<String, Long>> busiestFirst = Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey());
        for (Map.Entry<String, List<Map.Entry<String, Long>>> dimension : byDimension.entrySet()) {
            List<Map.Entry<String, Long>> ranked = dimension.getValue();
            ranked.sort(busiestFirst);
            int ownedCount = Math.min(maxValues, ranked.size());
            for (int i = 0; i < ranked.size() && i < KEPT_PER_SLOT * maxValues; i++) {
                String key = ranked.get(i).getKey();
                if (i < ownedCount) {
                    owned.put(key.substring(key.indexOf(SEPARATOR) + 1), true);
                }
                long decayed = ranked.get(i).getValue() / 2;
                if (decayed > 0) {
                    traffic.put(key, decayed);
                }
            }
            ownedPerDimension.put(dimension.getKey(), ownedCount);
        }
    }
}
