package io.raymon.events.wire;

import java.nio.ByteBuffer;

/**
 * Confluent's framing of a Kafka record value: magic byte 0, 4-byte big-endian schema id, then the
 * Avro binary body. Every Confluent-compatible producer and consumer speaks it.
 */
public final class ConfluentWireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {}

    public static byte[] frame(int schemaId, byte[] avroBody) {
        return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(avroBody)
                .array();
    }

    /**
     * Reads the schema id of a framed value.
     *
     * @throws InvalidFrameException if the value is too short or does not start with the magic byte
     */
    public static int schemaId(byte[] framed) {
        if (framed == null || framed.length < HEADER_LENGTH) {
            throw new InvalidFrameException("value has " + (framed == null ? 0 : framed.length)
                    + " bytes, shorter than the 5-byte Confluent wire-format header");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new InvalidFrameException(String.format(
                    "value starts with byte 0x%02x, not the Confluent wire-format magic byte 0x00", framed[0]));
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    /** Thrown when bytes are not in the Confluent wire format. */
    public static final class InvalidFrameException extends IllegalArgumentException {
        public InvalidFrameException(String message) {
            super(message);
        }
    }
}
