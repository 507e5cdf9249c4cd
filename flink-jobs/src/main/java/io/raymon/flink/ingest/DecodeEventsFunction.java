package io.raymon.flink.ingest;

import io.raymon.events.registry.SchemaRegistry;
import io.raymon.events.serde.EventDecoder;
import io.raymon.events.serde.UndecodableEventException;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import io.raymon.flink.common.deadletter.DeadLetter;
import io.raymon.flink.common.kafka.RawRecord;
import io.raymon.flink.metrics.TraceEvent;
import io.raymon.flink.profiles.ReferenceProfiles;
import io.raymon.sdk.profile.ProfileRecord;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw Kafka records (Confluent-framed Avro) by topic, validates predictions against their model
 * version's reference profile (the second, broadcast input: see {@link ReferenceProfiles}) and emits
 * raw-store rows. Records that cannot be decoded or break the contract's rules go to {@link #DEAD_LETTERS}
 * with a reason; the job goes on. A registry outage is not the record's fault: it throws, and Flink
 * retries from the checkpoint.
 */
public class DecodeEventsFunction extends BroadcastProcessFunction<RawRecord, ProfileRecord, ClickHouseRow> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    /** Predictions and actuals for the join, next to their raw rows. */
    public static final OutputTag<TraceEvent> TRACE_EVENTS = new OutputTag<>("trace-events") {};
    static final String JOB_NAME = "raymon-ingest";

    /** Creates the registry client on the task manager (clients are not serializable). */
    public interface RegistryFactory extends Serializable {
        SchemaRegistry create();
    }

    private final IngestJobConfig.Topics topics;
    private final RegistryFactory registryFactory;
    private final EventRules.TimeTolerance timeTolerance;
    private transient EventDecoder<Prediction> predictions;
    private transient EventDecoder<Actual> actuals;
    private transient EventDecoder<TraceStep> steps;
    private transient Counter deadLetterCount;
    private transient Map<String, Counter> deadLettersByReason;
    private transient ReferenceProfiles profiles;
    private transient Counter validatedPredictions;
    private transient Counter profileWarnings;

    public DecodeEventsFunction(IngestJobConfig.Topics topics, RegistryFactory registryFactory) {
        this(topics, registryFactory, EventRules.TimeTolerance.DEFAULTS);
    }

    DecodeEventsFunction(IngestJobConfig.Topics topics, RegistryFactory registryFactory,
            EventRules.TimeTolerance timeTolerance) {
        this.topics = topics;
        this.registryFactory = registryFactory;
        this.timeTolerance = timeTolerance;
    }

    @Override
    public void open(OpenContext openContext) {
        SchemaRegistry registry = registryFactory.create();
        predictions = new EventDecoder<>(registry, Prediction.class);
        actuals = new EventDecoder<>(registry, Actual.class);
        steps = new EventDecoder<>(registry, TraceStep.class);
        deadLetterCount = getRuntimeContext().getMetricGroup().counter("deadLetters");
        deadLettersByReason = new HashMap<>();
        profiles = new ReferenceProfiles();
        validatedPredictions = getRuntimeContext().getMetricGroup().counter("validatedPredictions");
        profileWarnings = getRuntimeContext().getMetricGroup().counter("profileWarnings");
    }

    @Override
    public void processBroadcastElement(ProfileRecord update, Context context, Collector<ClickHouseRow> out)
            throws Exception {
        String key = ProfileRecord.key(update.project(), update.model(), update.modelVersion());
        BroadcastState<String, ProfileRecord> state = context.getBroadcastState(ReferenceProfiles.STATE);
        // Every parallel instance gets every record and must decide alike; only the first logs and counts.
        boolean first = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        if (!ReferenceProfiles.replaces(update, state.get(key))) {
            return;
        }
        if (ReferenceProfiles.usable(update, first)) {
            state.put(key, update);
        } else if (first) {
            profileWarnings.inc();
        }
    }

    @Override
    public void processElement(RawRecord record, ReadOnlyContext context, Collector<ClickHouseRow> out) throws Exception {
        long now = context.currentProcessingTime();
        try {
            out.collect(toRow(record, now, context));
        } catch (UndecodableEventException e) {
            deadLetter(context, record, e.reason(), e.getMessage());
        } catch (InvalidEventException e) {
            deadLetter(context, record, InvalidEventException.REASON, e.getMessage());
        }
    }

    private ClickHouseRow toRow(RawRecord record, long now, ReadOnlyContext context)
            throws Exception {
        if (record.value == null) {
            throw new UndecodableEventException(UndecodableEventException.NOT_WIRE_FORMAT,
                    "record has no value (tombstone)", null);
        }
        if (record.topic.equals(topics.predictions())) {
            Prediction prediction = predictions.decode(record.value);
            EventRules.check(prediction);
            EventRules.checkTime(prediction.getEventTime(), now, timeTolerance);
            String profileKey = ProfileRecord.key(prediction.getProject(), prediction.getModel(),
                    prediction.getModelVersion());
            ProfileRecord profile = context.getBroadcastState(ReferenceProfiles.STATE).get(profileKey);
            if (profile != null) {
                prediction.setValidationTags(profiles.validate(prediction, profileKey, profile));
                validatedPredictions.inc();
            }
            TraceEvent event = TraceEvent.of(prediction).from(record.topic, record.partition);
            event.validated = profile != null;
            context.output(TRACE_EVENTS, event);
            return RawEventRows.prediction(prediction, now);
        }
        if (record.topic.equals(topics.actuals())) {
            Actual actual = actuals.decode(record.value);
            EventRules.check(actual);
            EventRules.checkTime(actual.getEventTime(), now, timeTolerance);
            context.output(TRACE_EVENTS, TraceEvent.of(actual).from(record.topic, record.partition));
            return RawEventRows.actual(actual, now);
        }
        if (record.topic.equals(topics.steps())) {
            TraceStep step = steps.decode(record.value);
            EventRules.check(step);
            EventRules.checkTime(step.getEventTime(), now, timeTolerance);
            return RawEventRows.step(step, now);
        }
        throw new IllegalStateException("record from unexpected topic " + record.topic);
    }

    private void deadLetter(ReadOnlyContext context, RawRecord record, String reason, String message) {
        deadLetterCount.inc();
        deadLettersByReason.computeIfAbsent(reason,
                r -> getRuntimeContext().getMetricGroup().addGroup("reason", r).counter("deadLetters")).inc();
        context.output(DEAD_LETTERS, new DeadLetter(record, reason, message, JOB_NAME));
    }
}
