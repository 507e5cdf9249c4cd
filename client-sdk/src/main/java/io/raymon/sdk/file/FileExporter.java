package io.raymon.sdk.file;

import io.raymon.events.json.EventJson;
import io.raymon.sdk.ExportException;
import io.raymon.sdk.Exporter;
import io.raymon.sdk.RaymonConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes events as JSON lines to rolling local files, for services that cannot reach Kafka or the API:
 * {@code raymon ship <directory>} sends complete files to Kafka later. The file being written is
 * {@code raymon-<millis>-<id>.jsonl.open}; it is renamed to {@code .jsonl} (complete, shippable) when it
 * reaches {@code maxFileBytes}, when it is older than {@code maxFileAge}, or when the client closes.
 * Every batch is flushed and forced to disk before export returns.
 */
public final class FileExporter implements Exporter {
    public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_FILE_AGE = Duration.ofMinutes(1);
    static final String OPEN_SUFFIX = ".jsonl.open";
    static final String COMPLETE_SUFFIX = ".jsonl";

    private final Path directory;
    private final long maxFileBytes;
    private final Duration maxFileAge;
    private final String writerId = UUID.randomUUID().toString().substring(0, 8);
    private Path current;
    private FileChannel channel;
    private OutputStream out;
    private long currentBytes;
    private long openedAtMillis;
    private int sequence;

    private FileExporter(Path directory, long maxFileBytes, Duration maxFileAge) {
        this.directory = directory;
        this.maxFileBytes = maxFileBytes;
        this.maxFileAge = maxFileAge;
    }

    /**
     * @param directory where files go; created if missing
     * @throws RaymonConfigException if the directory cannot be created or a limit is not positive
     */
    public static FileExporter create(Path directory, long maxFileBytes, Duration maxFileAge) {
        if (directory == null) {
            throw new RaymonConfigException("directory", "is required");
        }
        if (maxFileBytes <= 0) {
            throw new RaymonConfigException("maxFileBytes", "must be positive, was " + maxFileBytes);
        }
        if (maxFileAge == null || maxFileAge.isZero() || maxFileAge.isNegative()) {
            throw new RaymonConfigException("maxFileAge", "must be a positive duration, was " + maxFileAge);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new RaymonConfigException("directory", "cannot be created: " + e.getMessage());
        }
        return new FileExporter(directory, maxFileBytes, maxFileAge);
    }

    /** Files of {@value #DEFAULT_MAX_FILE_BYTES} bytes at most, rolled at least every minute. */
    public static FileExporter create(Path directory) {
        return create(directory, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILE_AGE);
    }

    @Override
    public void export(List<SpecificRecord> batch) throws ExportException {
        try {
            if (out == null) {
                open();
            }
            for (SpecificRecord event : batch) {
                byte[] line = (EventJson.write(event) + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(line);
                currentBytes += line.length;
            }
            out.flush();
            channel.force(false);
            if (currentBytes >= maxFileBytes || isTooOld()) {
                roll();
            }
        } catch (IOException e) {
            throw ExportException.retriable("cannot write to " + current + ": " + e, batch, e);
        }
    }

    @Override
    public void onIdle() {
        if (out != null && isTooOld()) {
            try {
                roll();
            } catch (IOException e) {
                // the next export or close tries again
            }
        }
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                roll();
            }
        } catch (IOException e) {
            // the .open file stays; ship can be pointed at it after renaming by hand
        }
    }

    private boolean isTooOld() {
        return System.currentTimeMillis() - openedAtMillis >= maxFileAge.toMillis();
    }

    private void open() throws IOException {
        openedAtMillis = System.currentTimeMillis();
        current = directory.resolve("raymon-" + openedAtMillis + "-" + writerId + "-" + sequence++ + OPEN_SUFFIX);
        channel = FileChannel.open(current, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = Channels.newOutputStream(channel);
        currentBytes = 0;
    }

    private void roll() throws IOException {
        out.close();
        out = null;
        channel = null;
        String name = current.getFileName().toString();
        Path complete = current.resolveSibling(name.substring(0, name.length() - OPEN_SUFFIX.length()) + COMPLETE_SUFFIX);
        Files.move(current, complete, StandardCopyOption.ATOMIC_MOVE);
        current = null;
    }
}
