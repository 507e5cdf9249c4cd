package io.raymon.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Producers (the SDK inside users' services) and consumers (the Flink jobs) upgrade independently,
 * so every schema must stay compatible in both directions with the last released version
 * (Confluent's FULL compatibility). Adding a field with a default passes; renaming or removing one fails.
 *
 * <p>When releasing, copy the current {@code .avsc} files to {@code src/test/resources/released/<version>}
 * and point {@link #PREVIOUS_RELEASE} at it.
 */
class SchemaCompatibilityTest {
    private static final String PREVIOUS_RELEASE = "0.1.0";

    static List<Class<?>> eventTypes() {
        return List.of(io.raymon.events.v1.Prediction.class, io.raymon.events.v1.Actual.class,
                io.raymon.events.v1.TraceStep.class);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void currentSchemaReadsDataWrittenWithPreviousRelease(Class<?> type) throws IOException {
        Schema current = SpecificData.get().getSchema(type);
        Schema released = released(type.getSimpleName());
        assertCompatible(current, released, "current reader, released writer");
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void previousReleaseReadsDataWrittenWithCurrentSchema(Class<?> type) throws IOException {
        Schema current = SpecificData.get().getSchema(type);
        Schema released = released(type.getSimpleName());
        assertCompatible(released, current, "released reader, current writer");
    }

    private static void assertCompatible(Schema reader, Schema writer, String direction) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertThat(result.getType())
                .as("%s of %s: %s", direction, reader.getFullName(), result.getDescription())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    /** Each published .avsc is self-contained, so non-Java producers can use it as it is. */
    private static Schema released(String name) throws IOException {
        return parse(new Schema.Parser(), name);
    }

    private static Schema parse(Schema.Parser parser, String name) throws IOException {
        String path = "/released/" + PREVIOUS_RELEASE + "/" + name + ".avsc";
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream(path)) {
            assertThat(in).as("released schema %s", path).isNotNull();
            return parser.parse(in);
        }
    }
}
