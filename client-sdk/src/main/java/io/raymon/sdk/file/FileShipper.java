package io.raymon.sdk.file;

import io.raymon.events.json.EventJson;
import io.raymon.events.json.InvalidEventJsonException;
import io.raymon.sdk.ExportException;
import io.raymon.sdk.Exporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Ships complete files written by {@link FileExporter} through an exporter (Kafka in {@code raymon ship}),
 * oldest first, and records each shipped file in {@code .raymon-shipped} in the directory, so running it
 * again ships nothing twice. A file is recorded only after every event in it was acknowledged; if the
 * process dies in the middle of a file, that file is shipped again in full next time (the raw store
 * collapses those duplicates).
 */
public final class FileShipper {
    static final String LEDGER = ".raymon-shipped";
    private static final int BATCH = 1_000;
    private static final int MAX_ATTEMPTS = 10;

    private final Exporter exporter;
    private final PrintStream progress;
    private final Duration initialBackoff;

    /** Result of one run. */
    public record Summary(int files, long events, long invalidLines, int alreadyShipped) {}

    public FileShipper(Exporter exporter, PrintStream progress, Duration initialBackoff) {
        this.exporter = exporter;
        this.progress = progress;
        this.initialBackoff = initialBackoff;
    }

    /**
     * @throws IOException if the directory cannot be read or the ledger written
     * @throws ExportException if events could not be delivered after retries; what was shipped stays recorded
     */
    public Summary ship(Path directory, boolean deleteShipped) throws IOException, ExportException, InterruptedException {
        Path ledger = directory.resolve(LEDGER);
        Set<String> shipped = new HashSet<>(Files.exists(ledger) ? Files.readAllLines(ledger) : List.of());
        List<Path> complete;
        try (Stream<Path> files = Files.list(directory)) {
            complete = files.filter(p -> p.getFileName().toString().endsWith(FileExporter.COMPLETE_SUFFIX))
                    .sorted().toList();
        }
        int files = 0;
        int skipped = 0;
        long events = 0;
        long invalid = 0;
        for (Path file : complete) {
            String name = file.getFileName().toString();
            if (shipped.contains(name)) {
                skipped++;
                if (deleteShipped) {
                    Files.deleteIfExists(file);
                }
                continue;
            }
            long[] counts = shipFile(file);
            events += counts[0];
            invalid += counts[1];
            files++;
            Files.writeString(ledger, name + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            progress.printf("shipped %s: %d events%s%n", name, counts[0],
                    counts[1] > 0 ? ", " + counts[1] + " unreadable lines skipped" : "");
            if (deleteShipped) {
                Files.deleteIfExists(file);
            }
        }
        return new Summary(files, events, invalid, skipped);
    }

    /** @return {events shipped, unreadable lines} */
    private long[] shipFile(Path file) throws IOException, ExportException, InterruptedException {
        long events = 0;
        long invalid = 0;
        int lineNumber = 0;
        List<SpecificRecord> batch = new ArrayList<>(BATCH);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(EventJson.read(line));
                } catch (InvalidEventJsonException e) {
                    invalid++;
                    progress.printf("%s line %d skipped: %s%n", file.getFileName(), lineNumber, e.getMessage());
                }
                if (batch.size() == BATCH) {
                    exportWithRetries(batch);
                    events += batch.size();
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            exportWithRetries(batch);
            events += batch.size();
        }
        return new long[] {events, invalid};
    }

    private void exportWithRetries(List<SpecificRecord> batch) throws ExportException, InterruptedException {
        List<SpecificRecord> pending = batch;
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                exporter.export(pending);
                return;
            } catch (ExportException e) {
                if (!e.isRetriable() || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                progress.printf("delivery failed (%s), retrying in %d ms%n", e.getMessage(), backoff.toMillis());
                pending = new ArrayList<>(e.undelivered().isEmpty() ? pending : e.undelivered());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
