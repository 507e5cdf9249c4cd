package io.raymon.flink.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The join's state of one trace as compact bytes: the join holds millions of traces for the label
 * horizon, and as objects a waiting prediction costs about 670 bytes of heap (strings, arrays, object
 * headers, a field per event attribute), as bytes about 100. Only what a labeled outcome and the join's
 * policies use is kept: project and trace id are the state's key, tags and latency were used when the
 * prediction arrived. Numbers are varints, strings length-prefixed UTF-8.
 *
 * <p>Format 1: version byte, cleanup time, waiting predictions (event time, model, model version,
 * slices, predicted label, class scores, regression value), joined models, the actual if any
 * (event time, label, value). Change the format by adding a version, never by editing this one: the
 * bytes live in checkpoints.
 */
final class TraceJoinStateCodec {
    private static final byte FORMAT = 1;

    private TraceJoinStateCodec() {}

    static byte[] encode(TraceJoinState state) {
        DataOutputSerializer out = new DataOutputSerializer(128);
        try {
            out.writeByte(FORMAT);
            writeVarLong(out, state.cleanupAt);
            writeVarLong(out, state.waiting.length);
            for (TraceEvent p : state.waiting) {
                writePrediction(out, p);
            }
            writeStrings(out, state.joinedModels);
            out.writeBoolean(state.actual != null);
            if (state.actual != null) {
                writeVarLong(out, state.actual.eventTimeMs);
                writeString(out, state.actual.actualLabel);
                if (state.actual.actualLabel == null) {
                    out.writeDouble(state.actual.actualValue);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a trace's join state", e);
        }
        return out.getCopyOfBuffer();
    }

    /** @param project and {@code traceId}: the state's key, set on the events read back */
    static TraceJoinState decode(byte[] bytes, String project, String traceId) {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        try {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown trace join state format " + format);
            }
            TraceJoinState state = new TraceJoinState();
            state.cleanupAt = readVarLong(in);
            state.waiting = new TraceEvent[(int) readVarLong(in)];
            for (int i = 0; i < state.waiting.length; i++) {
                state.waiting[i] = readPrediction(in, project);
            }
            state.joinedModels = readStrings(in);
            if (in.readBoolean()) {
                TraceEvent actual = new TraceEvent();
                actual.project = project;
                actual.traceId = traceId;
                actual.eventTimeMs = readVarLong(in);
                actual.actualLabel = readString(in);
                if (actual.actualLabel == null) {
                    actual.actualValue = in.readDouble();
                }
                state.actual = actual;
            }
            return state;
        } catch (IOException e) {
            throw new IllegalStateException("cannot decode a trace's join state", e);
        }
    }

    private static void writePrediction(DataOutputSerializer out, TraceEvent p) throws IOException {
        writeVarLong(out, p.eventTimeMs);
        writeString(out, p.model);
        writeString(out, p.modelVersion);
        writeStrings(out, p.slices);
        writeString(out, p.predictedLabel);
        writeStrings(out, p.scoreLabels);
        for (int i = 0; i < (p.scoreLabels == null ? 0 : p.scoreLabels.length); i++) {
            out.writeDouble(p.scoreValues[i]);
        }
        if (p.predictedLabel == null) {
            out.writeDouble(p.predictedValue);
        }
    }

    private static TraceEvent readPrediction(DataInputDeserializer in, String project) throws IOException {
        TraceEvent p = new TraceEvent();
        p.project = project;
        p.eventTimeMs = readVarLong(in);
        p.model = readString(in);
        p.modelVersion = readString(in);
        p.slices = readStrings(in);
        p.predictedLabel = readString(in);
        p.scoreLabels = readStrings(in);
        p.scoreValues = new double[p.scoreLabels.length];
        for (int i = 0; i < p.scoreValues.length; i++) {
            p.scoreValues[i] = in.readDouble();
        }
        if (p.predictedLabel == null) {
            p.predictedValue = in.readDouble();
        }
        p.tagKeys = new String[0];
        p.tagValues = p.tagKeys;
        return p;
    }

    private static void writeStrings(DataOutputSerializer out, String[] values) throws IOException {
        if (values == null) {
            writeVarLong(out, 0);
            return;
        }
        writeVarLong(out, values.length);
        for (String value : values) {
            writeString(out, value);
        }
    }

    private static String[] readStrings(DataInputDeserializer in) throws IOException {
        String[] values = new String[(int) readVarLong(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = readString(in);
        }
        return values;
    }

    /** Length + 1 as a varint (0 is null), then UTF-8. */
    private static void writeString(DataOutputSerializer out, String value) throws IOException {
        if (value == null) {
            writeVarLong(out, 0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, utf8.length + 1L);
        out.write(utf8);
    }

    private static String readString(DataInputDeserializer in) throws IOException {
        int lengthPlusOne = (int) readVarLong(in);
        if (lengthPlusOne == 0) {
            return null;
        }
        byte[] utf8 = new byte[lengthPlusOne - 1];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Unsigned LEB128: 7 bits per byte, low first (an epoch millisecond time takes 6 bytes). */
    private static void writeVarLong(DataOutputSerializer out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVarLong(DataInputDeserializer in) throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
