package io.raymon.flink.profiles;

import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.ValidationTag;
import io.raymon.sdk.profile.ProfileRecord;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ValidationProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference profiles a task validates predictions against: the newest record of each model version
 * from the profiles topic, kept in broadcast state (so every task has all of them, and a restore brings
 * them back), parsed once per record and cached. A profile that cannot be parsed or applied is reported
 * and ignored: validation is never a reason to stop the job.
 */
public final class ReferenceProfiles {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceProfiles.class);
    /** Broadcast state: profile records by {@link ProfileRecord#key(String, String, String)}. */
    public static final MapStateDescriptor<String, ProfileRecord> STATE = new MapStateDescriptor<>("reference-profiles",
            Types.STRING, TypeInformation.of(ProfileRecord.class));

    private final Map<String, Parsed> parsed = new HashMap<>();
    private final Set<String> reportedFailures = new HashSet<>();

    private record Parsed(long storedAtMs, ReferenceProfile profile) {}

    /** Whether {@code update} should replace {@code current} (null when there is none): the newer wins. */
    public static boolean replaces(ProfileRecord update, ProfileRecord current) {
        return current == null || update.storedAtMs() >= current.storedAtMs();
    }

    /** Whether the record holds a usable profile; when {@code log}, says so or why not. */
    public static boolean usable(ProfileRecord record, boolean log) {
        try {
            ReferenceProfile profile = record.profile();
            if (!profile.model().equals(record.model()) || !profile.modelVersion().equals(record.modelVersion())) {
                if (log) {
                    LOG.warn("Profile warning: the record of {}/{}/{} holds a profile of {}/{}; ignored", record.project(),
                            record.model(), record.modelVersion(), profile.model(), profile.modelVersion());
                }
                return false;
            }
            if (log) {
                LOG.info("Reference profile of {}/{}/{} ({}, {} samples, {} features) is now in use", record.project(),
                        record.model(), record.modelVersion(), record.source(), profile.samples(), profile.features().size());
            }
            return true;
        } catch (RuntimeException e) {
            if (log) {
                LOG.warn("Profile warning: the profile of {}/{}/{} cannot be read ({}); ignored", record.project(),
                        record.model(), record.modelVersion(), e.getMessage());
            }
            return false;
        }
    }

    /**
     * The prediction's validation tags: the producer's (the SDK's) and what the profile finds besides,
     * one tag per field and problem; the producer's unchanged when its model version has no profile.
     *
     * @param key the record's key in {@link #STATE}
     */
    public List<ValidationTag> validate(Prediction prediction, String key, ProfileRecord record) {
        List<ValidationTag> tags = prediction.getValidationTags();
        if (record == null) {
            return tags;
        }
        ReferenceProfile profile = profile(key, record);
        if (profile == null) {
            return tags;
        }
        List<ValidationProblem> problems;
        try {
            problems = profile.validatePrediction(featureValues(prediction), ReferenceProfile.outputValue(prediction.getOutput()));
        } catch (RuntimeException e) {
            if (reportedFailures.add(key)) {
                LOG.warn("Profile warning: validating against the profile of {}/{}/{} failed ({}); its predictions are"
                        + " not validated by the job", record.project(), record.model(), record.modelVersion(), e.toString());
            }
            return tags;
        }
        if (problems.isEmpty()) {
            return tags;
        }
        Set<String> known = new HashSet<>();
        List<ValidationTag> merged = new ArrayList<>(tags);
        for (ValidationTag tag : tags) {
            known.add(tag.getField() + '\n' + tag.getProblem());
        }
        for (ValidationProblem problem : problems) {
            if (known.add(problem.field() + '\n' + problem.problem())) {
                merged.add(new ValidationTag(problem.field(), problem.problem(), problem.detail()));
            }
        }
        return merged;
    }

    private ReferenceProfile profile(String key, ProfileRecord record) {
        Parsed cached = parsed.get(key);
        if (cached == null || cached.storedAtMs() != record.storedAtMs()) {
            try {
                cached = new Parsed(record.storedAtMs(), record.profile());
            } catch (RuntimeException e) {
                cached = new Parsed(record.storedAtMs(), null); // usable() reported it when it arrived
            }
            parsed.put(key, cached);
        }
        return cached.profile();
    }

    /** Feature values as the profile checks take them: numbers, strings, booleans or null. */
    private static Map<String, Object> featureValues(Prediction prediction) {
        Map<String, Object> values = new LinkedHashMap<>(prediction.getFeatures().size() * 2);
        for (Feature feature : prediction.getFeatures()) {
            Object value = feature.getValue();
            values.put(feature.getName(), value instanceof CharSequence text ? text.toString() : value);
        }
        return values;
    }
}
