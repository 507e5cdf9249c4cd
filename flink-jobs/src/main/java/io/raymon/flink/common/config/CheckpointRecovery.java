package io.raymon.flink.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint under a local checkpoint directory, so a job restarted on one
 * machine (./raymon up after a crash or a Ctrl-C) resumes its state instead of starting empty. On a
 * cluster the Flink Kubernetes operator does this; here the job's main does.
 */
public final class CheckpointRecovery {
    private CheckpointRecovery() {}

    /** The newest {@code <dir>/<job-id>/chk-<n>} holding a {@code _metadata} file, for a {@code file:} dir. */
    public static Optional<String> latestCheckpoint(String checkpointDir) {
        if (checkpointDir == null || !checkpointDir.startsWith("file:")) {
            return Optional.empty();
        }
        Path root = Path.of(URI.create(checkpointDir));
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(root, 3, (path, attributes) ->
                path.getFileName().toString().equals("_metadata") && path.getParent().getFileName().toString().startsWith("chk-"))) {
            return files.max(Comparator.comparing(CheckpointRecovery::modified))
                    .map(metadata -> metadata.getParent().toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint directory " + root, e);
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
