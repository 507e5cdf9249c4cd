package io.raymon.flink.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dimensions metrics are sliced by: every tag key on its own, plus configured combinations of
 * tag keys ({@code RAYMON_SLICE_COMBINATIONS=client+country,client+device}). A prediction belongs to
 * one slice per dimension whose keys it all carries: {@code country=DE}, or for a combination
 * {@code client=acme&country=DE} (keys in the configured order).
 */
public record SliceDimensions(List<List<String>> combinations) implements Serializable {
    /** A slice and the dimension it belongs to ({@code country}, or {@code client&country}). */
    public record Slice(String dimension, String name) {}

    public SliceDimensions {
        combinations = combinations.stream().map(List::copyOf).toList();
    }

    public static SliceDimensions tagsOnly() {
        return new SliceDimensions(List.of());
    }

    /**
     * @throws IllegalArgumentException naming the combination that is not two or more tag keys joined by '+'
     */
    public static SliceDimensions parse(String spec) {
        List<List<String>> combinations = new ArrayList<>();
        if (spec != null && !spec.isBlank()) {
            for (String combination : spec.split(",")) {
                List<String> keys = Arrays.stream(combination.split("\\+")).map(String::trim).toList();
                if (keys.size() < 2 || keys.stream().anyMatch(k -> k.isEmpty() || k.contains("=") || k.contains("&"))) {
                    throw new IllegalArgumentException("RAYMON_SLICE_COMBINATIONS entry '" + combination.trim()
                            + "' is not two or more tag keys joined by '+', e.g. client+country");
                }
                combinations.add(keys);
            }
        }
        return new SliceDimensions(combinations);
    }

    List<Slice> slicesOf(TraceEvent prediction) {
        List<Slice> slices = new ArrayList<>(prediction.tagKeys.length + combinations.size());
        for (int i = 0; i < prediction.tagKeys.length; i++) {
            slices.add(new Slice(prediction.tagKeys[i], prediction.tagKeys[i] + '=' + prediction.tagValues[i]));
        }
        for (List<String> combination : combinations) {
            StringBuilder name = new StringBuilder();
            for (String key : combination) {
                int index = Arrays.binarySearch(prediction.tagKeys, key);
                if (index < 0) {
                    name = null;
                    break;
                }
                name.append(name.length() == 0 ? "" : "&").append(key).append('=').append(prediction.tagValues[index]);
            }
            if (name != null) {
                slices.add(new Slice(String.join("&", combination), name.toString()));
            }
        }
        return slices;
    }
}
