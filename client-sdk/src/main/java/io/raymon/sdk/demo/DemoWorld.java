package io.raymon.sdk.demo;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.TraceStep;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic but plausible production traffic: a churn classifier in an A/B test (v1 vs v2), a fraud
 * classifier and an ETA regressor, used by clients in several countries and devices. One slice is
 * broken on purpose (client {@code initech} on {@code android} sends a missing feature and gets worse
 * predictions), so the dashboard has something to find. Once {@link #startIncident() an incident starts},
 * client {@value #INCIDENT_CLIENT}'s inputs go bad: its churn requests send the monthly spend in cents
 * and a plan the model never saw or none, its fraud requests amounts that are not numbers.
 */
final class DemoWorld {
    static final List<String> CLIENTS = List.of("acme", "globex", "initech", "umbrella");
    static final List<String> COUNTRIES = List.of("BE", "NL", "FR", "DE", "US");
    static final List<String> DEVICES = List.of("ios", "android", "web");
    static final String INCIDENT_CLIENT = "umbrella";

    private final Random random;
    private final String project;
    private boolean incident;

    DemoWorld(String project, long seed) {
        this.project = project;
        this.random = new Random(seed);
    }

    /** From now on, client {@value #INCIDENT_CLIENT} sends bad inputs. */
    void startIncident() {
        incident = true;
    }

    /** One request: its prediction, the steps around it and the actual that will arrive later. */
    record Request(Prediction prediction, List<TraceStep> steps, Actual actual) {}

    Request next(Instant now) {
        String traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
        String client = pick(CLIENTS);
        String country = pick(COUNTRIES);
        String device = pick(DEVICES);
        boolean brokenSlice = client.equals("initech") && device.equals("android");
        Map<String, String> tags = Map.of("client", client, "country", country, "device", device);
        double roll = random.nextDouble();
        Prediction.Builder prediction = Prediction.newBuilder()
                .setProject(project).setTraceId(traceId).setEventTime(now).setTags(tags)
                .setLatencyMs(2 + random.nextGaussian() * 0.5 + (brokenSlice ? 3 : 0));
        // The actual's event time is set again when it is sent, after its delay.
        Actual.Builder actual = Actual.newBuilder().setProject(project).setTraceId(traceId).setEventTime(now);
        boolean badInputs = incident && client.equals(INCIDENT_CLIENT);
        if (roll < 0.5) {
            churn(prediction, actual, brokenSlice, badInputs);
        } else if (roll < 0.8) {
            fraud(prediction, actual, brokenSlice, badInputs);
        } else {
            eta(prediction, actual, country);
        }
        Prediction built = prediction.build();
        List<TraceStep> steps = List.of(
                step(traceId, "request_data", "gateway", now.minusMillis(5),
                        "{\"client\":\"" + client + "\",\"device\":\"" + device + "\"}"),
                step(traceId, "model_output", "model-server", now, "{\"model\":\"" + built.getModel() + "\"}"));
        return new Request(built, steps, actual.build());
    }

    private void churn(Prediction.Builder prediction, Actual.Builder actual, boolean brokenSlice, boolean badInputs) {
        String version = random.nextDouble() < 0.7 ? "v1" : "v2";
        double tenure = Math.max(0, 24 + random.nextGaussian() * 12);
        double spend = Math.max(0, 50 + random.nextGaussian() * 20);
        boolean churns = random.nextDouble() < (tenure < 12 ? 0.5 : 0.15);
        double skill = version.equals("v2") ? 0.88 : 0.8;
        boolean correct = random.nextDouble() < (brokenSlice ? 0.55 : skill);
        boolean predictedChurn = correct == churns;
        double score = predictedChurn ? 0.5 + random.nextDouble() * 0.5 : random.nextDouble() * 0.5;
        String plan = pick(List.of("free", "pro", "team"));
        if (badInputs) {
            plan = random.nextBoolean() ? "legacy" : null;
        }
        List<Feature> features = new ArrayList<>(List.of(
                new Feature("tenure_months", brokenSlice ? null : tenure),
                new Feature("monthly_spend", badInputs ? spend * 100 : spend),
                new Feature("plan", plan)));
        prediction.setModel("churn").setModelVersion(version).setFeatures(features)
                .setOutput(new ClassPrediction(predictedChurn ? "churn" : "stay",
                        Map.of("churn", score, "stay", 1 - score)));
        actual.setLabel(churns ? "churn" : "stay");
    }

    private void fraud(Prediction.Builder prediction, Actual.Builder actual, boolean brokenSlice, boolean badInputs) {
        double amount = badInputs && random.nextDouble() < 0.4 ? Double.NaN : Math.exp(3 + random.nextGaussian());
        boolean fraud = random.nextDouble() < 0.05;
        boolean correct = random.nextDouble() < (brokenSlice ? 0.7 : 0.95);
        boolean flagged = correct == fraud;
        double score = flagged ? 0.6 + random.nextDouble() * 0.4 : random.nextDouble() * 0.4;
        prediction.setModel("fraud").setModelVersion("2024.11").setFeatures(List.of(
                        new Feature("amount_eur", amount),
                        new Feature("merchant_category", pick(List.of("grocery", "travel", "electronics"))),
                        new Feature("card_present", random.nextBoolean())))
                .setOutput(new ClassPrediction(flagged ? "fraud" : "ok", Map.of("fraud", score, "ok", 1 - score)));
        actual.setLabel(fraud ? "fraud" : "ok");
    }

    private void eta(Prediction.Builder prediction, Actual.Builder actual, String country) {
        double distance = Math.max(0.5, 8 + random.nextGaussian() * 4);
        double truth = distance * 2.5 + (country.equals("US") ? 6 : 2) + random.nextGaussian() * 2;
        prediction.setModel("eta").setModelVersion("3.1").setFeatures(List.of(
                        new Feature("distance_km", distance),
                        new Feature("hour_of_day", (double) random.nextInt(24))))
                .setOutput(new RegressionPrediction(distance * 2.5 + 3 + random.nextGaussian()));
        actual.setValue(Math.max(1, truth));
    }

    private TraceStep step(String traceId, String ref, String service, Instant time, String json) {
        return TraceStep.newBuilder().setProject(project).setTraceId(traceId).setRef(ref).setService(service)
                .setEventTime(time).setContentType("application/json")
                .setPayload(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8))).build();
    }

    /** How long after the prediction its actual arrives, between {@code min} and {@code max} seconds. */
    long actualDelayMillis(int minSeconds, int maxSeconds) {
        return (minSeconds + (long) (random.nextDouble() * (maxSeconds - minSeconds))) * 1000;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
