package io.raymon.sdk.internal;

import io.raymon.events.json.EventJson;
import io.raymon.events.json.InvalidEventJsonException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events that did not fit in memory, on local disk until they can be delivered.
 *
 * <p>Callers only offer to a bounded in-memory hand-off queue; a daemon thread appends them as JSON
 * lines to {@code spill-<millis>-<seq>.open}, renamed to {@code .jsonl} once complete (every
 * {@value #EVENTS_PER_FILE} events, or after a quiet moment). The delivery worker replays complete
 * files oldest first and records its progress per file in {@code <file>.done}, so a restart of the
 * process neither loses spilled events nor replays delivered ones (except a batch delivered in the
 * instant before a crash). Files left by an earlier process are replayed too.
 */
final class SpillStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpillStore.class);
    static final int EVENTS_PER_FILE = 10_000;
    private static final String OPEN = ".open";
    private static final String READY = ".jsonl";
    private static final String PROGRESS = ".done";

    private final Path directory;
    private final long maxBytes;
    private final ClientCounters counters;
    private final BlockingQueue<SpecificRecord> handOff;
    private final AtomicLong bytesOnDisk = new AtomicLong();
    /** Complete files not yet fully replayed: lets the idle worker skip listing the directory. */
    private final AtomicInteger readyFiles = new AtomicInteger();
    private final Thread writerThread;
    private volatile boolean closing;
    private long fileSequence;

    // Writer-thread state.
    private BufferedWriter currentWriter;
    private Path currentFile;
    private int currentEvents;

    // Worker-thread replay state.
    private Path replayFile;
    private List<String> replayLines;
    private int replayPosition;
    private int lastChunkLines;

    SpillStore(Path directory, long maxBytes, int handOffCapacity, ClientCounters counters) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.counters = counters;
        this.handOff = new ArrayBlockingQueue<>(handOffCapacity);
        try {
            Files.createDirectories(directory);
            recoverFilesOfAnEarlierProcess();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use spill directory " + directory, e);
        }
        writerThread = new Thread(this::writeLoop, "raymon-spill-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** Non-blocking: false when the hand-off queue is full or the disk bound is reached. */
    boolean offer(SpecificRecord event) {
        return bytesOnDisk.get() < maxBytes && handOff.offer(event);
    }

    /** Events waiting in memory for the writer. */
    int pendingInMemory() {
        return handOff.size();
    }

    /** The next events to replay, at most {@code max}; empty when no complete file waits. Worker thread only. */
    List<SpecificRecord> nextChunk(int max) {
        if (replayFile == null && !openOldestReadyFile()) {
            return List.of();
        }
        List<SpecificRecord> chunk = new ArrayList<>(max);
        int end = Math.min(replayLines.size(), replayPosition + max);
        for (int i = replayPosition; i < end; i++) {
            try {
                chunk.add(EventJson.read(replayLines.get(i)));
            } catch (InvalidEventJsonException e) {
                counters.dropped("spill_corrupt", 1);
                LOG.warn("Skipping unreadable line {} of spill file {}: {}", i + 1, replayFile, e.getMessage());
            }
        }
        lastChunkLines = end - replayPosition;
        return chunk;
    }

    /** The last chunk was delivered (or dropped for good): remember it, so it is never replayed again. */
    void commitChunk() {
        if (replayFile == null) {
            return; // no file could be opened: nothing was replayed
        }
        replayPosition += lastChunkLines;
        lastChunkLines = 0;
        try {
            if (replayPosition >= replayLines.size()) {
                long size = Files.size(replayFile);
                Files.deleteIfExists(replayFile);
                Files.deleteIfExists(progressFile(replayFile));
                bytesOnDisk.addAndGet(-size);
                readyFiles.decrementAndGet();
                replayFile = null;
                replayLines = null;
            } else {
                Path progress = progressFile(replayFile);
                Path temp = progress.resolveSibling(progress.getFileName() + ".tmp");
                Files.writeString(temp, Integer.toString(replayPosition));
                Files.move(temp, progress, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            LOG.warn("Cannot record spill replay progress for {}: {}", replayFile, e.toString());
        }
    }

    boolean hasReadyFiles() {
        return replayFile != null || readyFiles.get() > 0;
    }

    /** Writes what is still in memory to disk and closes the current file. */
    @Override
    public void close() {
        closing = true;
        writerThread.interrupt();
        try {
            writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<SpecificRecord> batch = new ArrayList<>();
        while (!closing || !handOff.isEmpty()) {
            try {
                SpecificRecord first = handOff.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    completeCurrentFile(); // quiet moment: make what was spilled replayable
                    continue;
                }
                batch.add(first);
                handOff.drainTo(batch, 1000);
            } catch (InterruptedException e) {
                handOff.drainTo(batch);
                if (batch.isEmpty() && !closing) {
                    continue;
                }
            }
            append(batch);
            batch.clear();
        }
        completeCurrentFile();
    }

    private void append(List<SpecificRecord> batch) {
        try {
            for (SpecificRecord event : batch) {
                if (currentWriter == null) {
                    currentFile = directory.resolve("spill-" + System.currentTimeMillis() + "-" + fileSequence++ + OPEN);
                    currentWriter = Files.newBufferedWriter(currentFile, StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                }
                String line = EventJson.write(event);
                currentWriter.write(line);
                currentWriter.write('\n');
                bytesOnDisk.addAndGet(line.length() + 1L);
                counters.spilled.increment();
                if (++currentEvents >= EVENTS_PER_FILE) {
                    completeCurrentFile();
                }
            }
            if (currentWriter != null) {
                currentWriter.flush();
            }
        } catch (IOException e) {
            counters.dropped(ClientCounters.SPILL_FULL, batch.size());
            LOG.warn("Cannot write {} events to spill directory {}: {}", batch.size(), directory, e.toString());
        }
    }

    private void completeCurrentFile() {
        if (currentWriter == null) {
            return;
        }
        try {
            currentWriter.close();
            String name = currentFile.getFileName().toString();
            Files.move(currentFile, currentFile.resolveSibling(name.substring(0, name.length() - OPEN.length()) + READY),
                    StandardCopyOption.ATOMIC_MOVE);
            readyFiles.incrementAndGet();
        } catch (IOException e) {
            LOG.warn("Cannot complete spill file {}: {}", currentFile, e.toString());
        }
        currentWriter = null;
        currentFile = null;
        currentEvents = 0;
    }

    private boolean openOldestReadyFile() {
        try (Stream<Path> files = Files.list(directory)) {
            Path oldest = files.filter(p -> p.getFileName().toString().endsWith(READY))
                    .min((a, b) -> compareSpillNames(a.getFileName().toString(), b.getFileName().toString()))
                    .orElse(null);
            if (oldest == null) {
                return false;
            }
            replayFile = oldest;
            replayLines = Files.readAllLines(oldest, StandardCharsets.UTF_8);
            Path progress = progressFile(oldest);
            replayPosition = Files.exists(progress) ? Integer.parseInt(Files.readString(progress).strip()) : 0;
            return true;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Cannot read spill directory {}: {}", directory, e.toString());
            return false;
        }
    }

    /** Orders spill-<millis>-<seq> names by time, then sequence. */
    static int compareSpillNames(String a, String b) {
        String[] x = a.split("[-.]");
        String[] y = b.split("[-.]");
        int byTime = Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(x[2]), Long.parseLong(y[2]));
    }

    /** A crash leaves an .open file: its complete lines are still good, so it becomes replayable. */
    private void recoverFilesOfAnEarlierProcess() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("spill-") && name.endsWith(OPEN)) {
                    Files.move(file, file.resolveSibling(name.substring(0, name.length() - OPEN.length()) + READY));
                }
            }
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().endsWith(READY)) {
                    bytesOnDisk.addAndGet(Files.size(file));
                    readyFiles.incrementAndGet();
                }
            }
        }
    }

    private static Path progressFile(Path spillFile) {
        return spillFile.resolveSibling(spillFile.getFileName() + PROGRESS);
    }
}
