// Runs Raymon's ClickHouse SQL on a current ClickHouse engine (chdb, the engine as a library), so SQL
// written for the 18.16 server available here also works on the ClickHouse production runs:
// every migration in order, every row kind the job inserts, every query the API builds (the Java
// tests write the rows and queries to */target/sql-samples). Usage: node check-sql-modern.mjs <repo>
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'chdb';

const repo = process.argv[2];
const session = new Session();
const run = (sql, format = 'CSV') => session.query(sql, format);

const migrationsDir = join(repo, 'schemas/clickhouse/src/main/resources/io/raymon/clickhouse');
const files = readFileSync(join(migrationsDir, 'migrations.txt'), 'utf8').split('\n')
  .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
run('CREATE DATABASE IF NOT EXISTS raymon');
run('USE raymon');
let statements = 0;
for (const file of files) {
  const sql = readFileSync(join(migrationsDir, 'migrations', file), 'utf8')
    .split('\n').filter((l) => !l.trim().startsWith('--')).join('\n');
  for (const statement of sql.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean)) {
    run(statement);
    statements++;
  }
}
console.log(`migrations: ${files.length} files, ${statements} statements ran on ClickHouse ${run('SELECT version()').trim()}`);

let samples = 0;
for (const module of ['flink-jobs', 'query-api']) {
  const dir = join(repo, module, 'target/sql-samples');
  if (!existsSync(dir)) throw new Error(`no SQL samples in ${dir}: run the Java tests first`);
  for (const name of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (name.startsWith('insert-')) {
      const table = name.slice('insert-'.length, -'.jsonl'.length);
      run(`INSERT INTO raymon.${table} FORMAT JSONEachRow ${text}`);
      // Times go out as epoch seconds; check the modern engine read them as 2026, not as 1970 or garbage.
      const timeColumn = table.startsWith('slice_metrics') ? 'window_start' : 'event_time';
      const count = run(`SELECT count() FROM raymon.${table} WHERE toYear(${timeColumn}) = 2026`).trim();
      if (count === '0') throw new Error(`${name}: the row inserted into ${table} is missing or has a wrong time`);
    } else {
      run(text.replace(/ FORMAT JSONEachRow\s*$/, ''), 'JSONEachRow');
    }
    samples++;
  }
}
console.log(`samples: ${samples} inserts and queries ran`);
session.cleanup();
