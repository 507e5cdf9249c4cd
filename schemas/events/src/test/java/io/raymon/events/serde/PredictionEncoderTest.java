package io.raymon.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.ValidationTag;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class PredictionEncoderTest {
    @Test
    void writesExactlyTheBytesOfAvrosGenericWriter() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            Prediction p = randomPrediction(random);
            assertThat(encode(p, true)).as("%s", p).isEqualTo(encode(p, false));
        }
    }

    private static byte[] encode(Prediction p, boolean handWritten) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        if (handWritten) {
            PredictionEncoder.write(p, encoder);
        } else {
            new SpecificDatumWriter<Prediction>(Prediction.getClassSchema()).write(p, encoder);
        }
        encoder.flush();
        return out.toByteArray();
    }

    private static Prediction randomPrediction(Random random) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            tags.put("k" + random.nextInt(100), "v" + random.nextInt());
        }
        List<Feature> features = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            Object value = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> random.nextGaussian() * 1e6;
                case 2 -> "c" + random.nextInt(10) + "é";
                default -> random.nextBoolean();
            };
            features.add(new Feature("f" + i, value));
        }
        List<ValidationTag> validation = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            validation.add(new ValidationTag("f" + i, "missing", random.nextBoolean() ? null : "detail"));
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            scores.put("class" + i, random.nextDouble());
        }
        return Prediction.newBuilder()
                .setProject("p").setTraceId(Long.toHexString(random.nextLong())).setModel("m").setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(random.nextLong() >>> 20))
                .setTags(tags).setFeatures(features)
                .setOutput(random.nextBoolean() ? new ClassPrediction("class1", scores)
                        : new RegressionPrediction(random.nextDouble()))
                .setLatencyMs(random.nextBoolean() ? null : random.nextDouble())
                .setValidationTags(validation)
                .build();
    }
}
