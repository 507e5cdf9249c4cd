package io.raymon.events;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.TraceStep;
import org.apache.avro.specific.SpecificRecord;

/** The fields every event of the contract has, read from any of them. */
public final class EventFields {
    private EventFields() {}

    public static String project(SpecificRecord event) {
        if (event instanceof Prediction p) {
            return p.getProject();
        }
        if (event instanceof Actual a) {
            return a.getProject();
        }
        if (event instanceof TraceStep s) {
            return s.getProject();
        }
        throw notAnEvent(event);
    }

    public static String traceId(SpecificRecord event) {
        if (event instanceof Prediction p) {
            return p.getTraceId();
        }
        if (event instanceof Actual a) {
            return a.getTraceId();
        }
        if (event instanceof TraceStep s) {
            return s.getTraceId();
        }
        throw notAnEvent(event);
    }

    private static IllegalArgumentException notAnEvent(SpecificRecord event) {
        return new IllegalArgumentException("not a Raymon event: " + event.getClass().getName());
    }
}
