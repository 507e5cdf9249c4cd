package io.raymon.flink.profiles;

import io.raymon.sdk.profile.ProfileRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the profiles topic. A record that is not a profile is logged and skipped: one bad record must
 * not stop the job, and the topic is compacted, so the next upload of that model version replaces it.
 */
public final class ProfileRecordDeserializer implements KafkaRecordDeserializationSchema<ProfileRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileRecordDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ProfileRecord> out) {
        if (record.value() == null) {
            return; // a deleted key: nothing to apply (profiles are replaced, never removed, today)
        }
        try {
            out.collect(ProfileRecord.fromValue(record.value()));
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping record {} of {}-{}: not a reference profile ({})", record.offset(), record.topic(),
                    record.partition(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<ProfileRecord> getProducedType() {
        return TypeInformation.of(ProfileRecord.class);
    }
}
