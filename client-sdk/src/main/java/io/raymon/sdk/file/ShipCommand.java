package io.raymon.sdk.file;

import io.raymon.sdk.ExportException;
import io.raymon.sdk.kafka.KafkaExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code raymon ship <directory> [--delete]}: sends the complete event files in a directory to Kafka,
 * each once. Kafka and the registry come from RAYMON_KAFKA_BOOTSTRAP and RAYMON_SCHEMA_REGISTRY_URL.
 */
public final class ShipCommand {
    private ShipCommand() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-") || args.length == 2 && !args[1].equals("--delete")) {
            System.err.println("Usage: raymon ship <directory> [--delete]\n"
                    + "  Ships complete files written by FileExporter to Kafka, each file once.\n"
                    + "  --delete removes files once shipped.");
            System.exit(2);
        }
        Path directory = Path.of(args[0]);
        if (!Files.isDirectory(directory)) {
            System.err.println("ship: " + directory + " is not a directory");
            System.exit(2);
        }
        String bootstrap = System.getenv().getOrDefault("RAYMON_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        String registry = System.getenv().getOrDefault("RAYMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7");
        try (KafkaExporter exporter = KafkaExporter.builder().bootstrapServers(bootstrap).schemaRegistryUrl(registry)
                .deliveryTimeout(Duration.ofSeconds(30)).build()) {
            FileShipper.Summary summary = new FileShipper(exporter, System.out, Duration.ofMillis(500))
                    .ship(directory, args.length == 2);
            System.out.printf("shipped %d file(s), %d events to %s; %d file(s) had been shipped before%s%n",
                    summary.files(), summary.events(), bootstrap, summary.alreadyShipped(),
                    summary.invalidLines() > 0 ? "; " + summary.invalidLines() + " unreadable lines skipped" : "");
        } catch (ExportException e) {
            System.err.println("ship: could not deliver to Kafka at " + bootstrap + ": " + e.getMessage()
                    + "\nFiles shipped so far are recorded; run ship again when Kafka is reachable.");
            System.exit(1);
        } catch (IOException e) {
            System.err.println("ship: " + e);
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }
}
