package io.raymon.api.auth;

import com.clickhouse.client.api.Client;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.clickhouse.Migrator;
import java.time.Instant;
import java.util.List;

/**
 * {@code ./raymon keys create <project> <read|ingest|admin> [name] | list [project] | revoke <id>}:
 * manages API keys in ClickHouse. The key is printed once, on creation; only its hash is stored.
 */
public final class KeysCli {
    private static final String USAGE = """
            usage: ./raymon keys create <project> <read|ingest|admin> [name]
                   ./raymon keys list [project]
                   ./raymon keys revoke <key id>
                   ./raymon keys check <key>   (exit 0 when the key is active)""";

    private KeysCli() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("raymon keys: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        if (args.length == 0) {
            System.err.println(USAGE);
            return 2;
        }
        ClickHouseSettings settings = ClickHouseSettings.fromEnv();
        new Migrator(settings).migrate();
        try (Client client = ClickHouseClients.open(settings)) {
            KeyStore store = new KeyStore(client);
            switch (args[0]) {
                case "create" -> {
                    if (args.length < 3) {
                        throw new IllegalArgumentException("create needs a project and a role\n" + USAGE);
                    }
                    ApiKey.Generated key = store.create(args[1], Role.parse(args[2]), args.length > 3 ? args[3] : "");
                    System.err.println("created key " + key.id() + " (" + args[2] + " of project " + args[1]
                            + "); it is shown only now:");
                    System.out.println(key.key());
                }
                case "list" -> print(store.list(args.length > 1 ? args[1] : null));
                case "revoke" -> {
                    if (args.length < 2) {
                        throw new IllegalArgumentException("revoke needs a key id\n" + USAGE);
                    }
                    if (!store.revoke(args[1])) {
                        System.err.println("raymon keys: no key with id " + args[1]);
                        return 1;
                    }
                    System.err.println("revoked key " + args[1] + "; running APIs stop accepting it within 10 s");
                }
                case "check" -> {
                    String id = args.length < 2 ? null : ApiKey.idOf(args[1]);
                    StoredKey key = id == null ? null : store.active().get(id);
                    return key != null && ApiKey.sameHash(key.hash(), ApiKey.hash(args[1])) ? 0 : 1;
                }
                default -> {
                    System.err.println(USAGE);
                    return 2;
                }
            }
        }
        return 0;
    }

    private static void print(List<StoredKey> keys) {
        System.out.printf("%-16s  %-20s  %-6s  %-7s  %-20s  %s%n", "ID", "PROJECT", "ROLE", "STATE", "CREATED", "NAME");
        for (StoredKey key : keys) {
            System.out.printf("%-16s  %-20s  %-6s  %-7s  %-20s  %s%n", key.id(), key.project(), key.role().label(),
                    key.revoked() ? "revoked" : "active", Instant.ofEpochSecond(key.createdEpochSecond()), key.name());
        }
    }
}
