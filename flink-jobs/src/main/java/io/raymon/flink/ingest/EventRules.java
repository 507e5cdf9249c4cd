package io.raymon.flink.ingest;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.TraceStep;

/** The rules a decoded event must follow beyond its schema. */
final class EventRules {
    private EventRules() {}

    static void check(Prediction p) throws InvalidEventException {
        require(p.getProject(), "prediction without a project");
        require(p.getTraceId(), "prediction without a trace id");
        require(p.getModel(), "prediction without a model");
        require(p.getModelVersion(), "prediction without a model version");
    }

    static void check(Actual a) throws InvalidEventException {
        require(a.getProject(), "actual without a project");
        require(a.getTraceId(), "actual without a trace id");
        if ((a.getLabel() == null) == (a.getValue() == null)) {
            throw new InvalidEventException("actual for trace " + a.getTraceId()
                    + " must have exactly one of label and value");
        }
    }

    static void check(TraceStep s) throws InvalidEventException {
        require(s.getProject(), "trace step without a project");
        require(s.getTraceId(), "trace step without a trace id");
        require(s.getRef(), "trace step without a ref name");
    }

    private static void require(String value, String problem) throws InvalidEventException {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(problem);
        }
    }
}
