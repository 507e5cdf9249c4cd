-- API keys: one project and one role each. Only the SHA-256 hash of a key is stored; the key itself is
-- shown once, by `./raymon keys create`. Revoking writes a newer version of the row with revoked = 1.
-- version is epoch milliseconds, so a revocation in the same second as the creation still wins.
CREATE TABLE IF NOT EXISTS api_keys (
    key_id String,
    project String,
    role String,
    name String,
    key_hash String,
    created_at DateTime,
    revoked UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY key_id;
