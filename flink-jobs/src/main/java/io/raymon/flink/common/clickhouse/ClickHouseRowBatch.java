package io.raymon.flink.common.clickhouse;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The rows of one checkpoint interval, committed together by {@link ClickHouseCommittingSink}: per table,
 * JSONEachRow lines compressed as they arrive. Rows wait a checkpoint interval in memory and in the
 * checkpoint itself, so they are kept compressed (JSON metric rows shrink about tenfold).
 */
public final class ClickHouseRowBatch {
    private final Map<String, byte[]> compressedLinesByTable;
    private final long rows;

    ClickHouseRowBatch(Map<String, byte[]> compressedLinesByTable, long rows) {
        this.compressedLinesByTable = compressedLinesByTable;
        this.rows = rows;
    }

    long rows() {
        return rows;
    }

    Iterable<String> tables() {
        return compressedLinesByTable.keySet();
    }

    /** Hands the table's rows to {@code chunk} in lists of at most {@code chunkRows}, decompressing as it goes. */
    void forEachChunk(String table, int chunkRows, ChunkConsumer chunk) throws IOException, InterruptedException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(compressedLinesByTable.get(table))), StandardCharsets.UTF_8))) {
            List<String> rows = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                rows.add(line);
                if (rows.size() == chunkRows) {
                    chunk.accept(rows);
                    rows = new ArrayList<>();
                }
            }
            if (!rows.isEmpty()) {
                chunk.accept(rows);
            }
        }
    }

    /** Receives a chunk of JSONEachRow lines. */
    interface ChunkConsumer {
        void accept(List<String> rows) throws IOException, InterruptedException;
    }

    /** Collects rows per table into compressed buffers. */
    static final class Builder {
        private final Map<String, ByteArrayOutputStream> buffers = new LinkedHashMap<>();
        private final Map<String, GZIPOutputStream> streams = new LinkedHashMap<>();
        private long rows;

        void add(ClickHouseRow row) {
            GZIPOutputStream stream = streams.computeIfAbsent(row.table, table -> {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                buffers.put(table, buffer);
                try {
                    return new GZIPOutputStream(buffer, 64 * 1024);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                stream.write(row.json.getBytes(StandardCharsets.UTF_8));
                stream.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows++;
        }

        boolean isEmpty() {
            return rows == 0;
        }

        ClickHouseRowBatch build() throws IOException {
            Map<String, byte[]> compressed = new LinkedHashMap<>();
            for (Map.Entry<String, GZIPOutputStream> table : streams.entrySet()) {
                table.getValue().finish();
                compressed.put(table.getKey(), buffers.get(table.getKey()).toByteArray());
            }
            return new ClickHouseRowBatch(compressed, rows);
        }
    }

    /** Format 1: row count, table count, then per table its name and compressed lines, length-prefixed. */
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
            out.writeLong(batch.rows);
            out.writeInt(batch.compressedLinesByTable.size());
            for (Map.Entry<String, byte[]> table : batch.compressedLinesByTable.entrySet()) {
                out.writeUTF(table.getKey());
                out.writeInt(table.getValue().length);
                out.write(table.getValue());
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
            long rows = in.readLong();
            int tables = in.readInt();
            Map<String, byte[]> compressed = new LinkedHashMap<>();
            for (int i = 0; i < tables; i++) {
                String table = in.readUTF();
                byte[] lines = new byte[in.readInt()];
                in.readFully(lines);
                compressed.put(table, lines);
            }
            return new ClickHouseRowBatch(compressed, rows);
        }
    }

    /** Every row, for tests. */
    List<ClickHouseRow> allRows() throws IOException, InterruptedException {
        List<ClickHouseRow> all = new ArrayList<>();
        for (String table : tables()) {
            forEachChunk(table, Integer.MAX_VALUE, rows -> rows.forEach(json -> all.add(new ClickHouseRow(table, json))));
        }
        return all;
    }

    static ClickHouseRowBatch of(List<ClickHouseRow> rows) throws IOException {
        Builder builder = new Builder();
        rows.forEach(builder::add);
        return builder.build();
    }
}
