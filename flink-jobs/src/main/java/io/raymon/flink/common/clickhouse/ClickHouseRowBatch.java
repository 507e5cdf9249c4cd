package io.raymon.flink.common.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The rows of one checkpoint interval, committed together by {@link ClickHouseCommittingSink}. */
public record ClickHouseRowBatch(List<ClickHouseRow> rows) {
    /** Format 1: row count, then per row its table and JSON, each as length-prefixed UTF-8 (rows may exceed 64 KB). */
    static final class Serializer implements SimpleVersionedSerializer<ClickHouseRowBatch> {
        private static final int VERSION = 1;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(ClickHouseRowBatch batch) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(batch.rows().size());
            for (ClickHouseRow row : batch.rows()) {
                writeString(out, row.table);
                writeString(out, row.json);
            }
            out.flush();
            return bytes.toByteArray();
        }

        @Override
        public ClickHouseRowBatch deserialize(int version, byte[] serialized) throws IOException {
            if (version != VERSION) {
                throw new IOException("unknown ClickHouse row batch format " + version);
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
            int count = in.readInt();
            List<ClickHouseRow> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                rows.add(new ClickHouseRow(readString(in), readString(in)));
            }
            return new ClickHouseRowBatch(rows);
        }

        private static void writeString(DataOutputStream out, String value) throws IOException {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }

        private static String readString(DataInputStream in) throws IOException {
            byte[] utf8 = new byte[in.readInt()];
            in.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }
    }
}
