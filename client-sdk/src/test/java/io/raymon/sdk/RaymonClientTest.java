package io.raymon.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.sdk.testing.InMemoryExporter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RaymonClientTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final InMemoryExporter exporter = new InMemoryExporter();
    private final RaymonClient client = RaymonClient.builder()
            .project("shop")
            .serviceName("checkout")
            .exporter(exporter)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .maxPayloadBytes(16)
            .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
            .build();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void logsAPredictionWithItsTraceTagsFeaturesAndOutput() {
        Trace trace = client.startTrace();
        trace.tag("client", "acme").tag("country", "BE");

        trace.prediction("churn", "2")
                .feature("tenure", 14)
                .feature("plan", "pro")
                .feature("trial", true)
                .feature("referrer", (String) null)
                .classification("stay", Map.of("stay", 0.8, "churn", 0.2))
                .latency(Duration.ofMillis(3))
                .log();

        assertThat(client.flush(WAIT)).isTrue();
        Prediction p = exporter.events(Prediction.class).get(0);
        assertThat(p.getProject()).isEqualTo("shop");
        assertThat(p.getTraceId()).isEqualTo(trace.id()).matches("[0-9a-f]{32}");
        assertThat(p.getModel()).isEqualTo("churn");
        assertThat(p.getModelVersion()).isEqualTo("2");
        assertThat(p.getEventTime()).isEqualTo(NOW);
        assertThat(p.getTags()).containsExactly(Map.entry("client", "acme"), Map.entry("country", "BE"));
        assertThat(p.getFeatures()).containsExactly(new Feature("tenure", 14.0), new Feature("plan", "pro"),
                new Feature("trial", true), new Feature("referrer", null));
        assertThat(p.getOutput()).isEqualTo(new ClassPrediction("stay", Map.of("stay", 0.8, "churn", 0.2)));
        assertThat(p.getLatencyMs()).isEqualTo(3.0);
        assertThat(client.stats().sent()).isEqualTo(1);
    }

    @Test
    void logsStepsAsTextBinaryOrJsonAndTruncatesLargePayloads() {
        Trace trace = client.startTrace("request-42");

        trace.log("raw", "hello").log("image", new byte[] {1, 2}).log("vector", new double[] {1.5, 2})
                .log("big", "x".repeat(100));

        client.flush(WAIT);
        assertThat(exporter.events(TraceStep.class)).extracting(TraceStep::getContentType).containsExactly(
                "text/plain; charset=utf-8", "application/octet-stream", "application/json",
                "text/plain; charset=utf-8;truncated=true");
        TraceStep vector = exporter.events(TraceStep.class).get(2);
        assertThat(StandardCharsets.UTF_8.decode(vector.getPayload()).toString()).isEqualTo("[1.5,2.0]");
        assertThat(vector.getService()).isEqualTo("checkout");
        assertThat(vector.getTraceId()).isEqualTo("request-42");
        assertThat(client.stats().adjusted()).containsEntry("payload_truncated", 1L);
    }

    @Test
    void logsActualsForAnyTraceLater() {
        client.actual("t-1", "churn", NOW.plusSeconds(3600));
        client.actual("t-2", 12.5, null);

        client.flush(WAIT);
        assertThat(exporter.events(Actual.class)).containsExactly(
                Actual.newBuilder().setProject("shop").setTraceId("t-1").setEventTime(NOW.plusSeconds(3600))
                        .setLabel("churn").build(),
                Actual.newBuilder().setProject("shop").setTraceId("t-2").setEventTime(NOW).setValue(12.5).build());
    }

    @Test
    void continuesATraceFromAW3cTraceparentHeaderOrAPlainId() {
        Trace fromHeader = client.continueTrace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        Trace fromId = client.continueTrace("order-1234");
        Trace fromGarbage = client.continueTrace("  ");

        assertThat(fromHeader.id()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(fromHeader.traceparent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01");
        assertThat(fromId.id()).isEqualTo("order-1234");
        assertThat(fromGarbage.id()).matches("[0-9a-f]{32}");
        assertThat(client.stats().adjusted()).containsEntry("invalid_trace_id", 1L);
    }

    @Test
    void neverThrowsOnBadInputAndCountsWhatItFixedOrDropped() {
        Trace trace = client.startTrace();
        trace.tag(null, "x").tag("k", null).log(null, "x").log("ref", null).log("ref", new Object() {
            public Object getSelf() {
                return this; // not serializable as JSON
            }
        });
        trace.prediction("m", "1").feature("nan", Double.NaN).feature("date", NOW).regression(1).log();
        trace.prediction("m", "1").log();                      // no output
        trace.prediction("", "1").regression(1).log();         // no model
        trace.prediction("m", "1").regression(Double.NaN).log();
        client.actual("t", Double.POSITIVE_INFINITY, NOW);

        client.flush(WAIT);
        Prediction p = exporter.events(Prediction.class).get(0);
        assertThat(p.getOutput()).isEqualTo(new RegressionPrediction(1.0));
        assertThat(p.getFeatures()).containsExactly(new Feature("nan", null), new Feature("date", null));
        assertThat(p.getValidationTags()).extracting(t -> t.getField() + ":" + t.getProblem())
                .containsExactly("nan:nan", "date:wrong_type");
        assertThat(client.stats().dropped()).containsEntry("invalid_event", 7L);
        assertThat(client.stats().adjusted()).containsEntry("invalid_tag", 2L).containsEntry("nan_feature", 1L)
                .containsEntry("unsupported_feature_type", 1L);
    }

    @Test
    void retriesAnOutageUntilTheEventsAreDelivered() {
        exporter.failNextExports(3);

        client.startTrace().prediction("m", "1").regression(2).log();

        assertThat(client.flush(WAIT)).isTrue();
        assertThat(exporter.events()).hasSize(1);
        assertThat(client.stats().retried()).isEqualTo(3);
    }

    @Test
    void dropsEventsLoggedAfterCloseAndCountsThem() {
        client.close();

        client.startTrace().prediction("m", "1").regression(2).log();

        assertThat(client.stats().dropped()).containsEntry("closed", 1L);
        assertThat(exporter.isClosed()).isTrue();
    }

    @Test
    void namesTheSettingThatIsWrong() {
        assertThatThrownBy(() -> RaymonClient.builder().exporter(exporter).build())
                .isInstanceOf(RaymonConfigException.class).hasMessageStartingWith("project:");
        assertThatThrownBy(() -> RaymonClient.builder().project("p").build()).hasMessageStartingWith("exporter:");
        assertThatThrownBy(() -> RaymonClient.builder().project("p").exporter(exporter).maxQueueSize(0).build())
                .hasMessageStartingWith("maxQueueSize:");
        assertThatThrownBy(() -> RaymonClient.builder().project("p").exporter(exporter).dropPolicy(DropPolicy.SPILL).build())
                .hasMessageStartingWith("spillDirectory:");
    }
}
