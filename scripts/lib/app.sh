# Building and running Raymon's own processes: the Flink jobs, the query API and the demo.
# shellcheck shell=bash

# java_main MODULE CLASS ARGS...: the command line that runs CLASS from a built module.
java_main() {
  local module=$1 class=$2; shift 2
  local dir="$RAYMON_HOME/$module/target"
  [[ -f "$dir/classpath.txt" ]] || die "$module is not built; run ./raymon build"
  echo java -Djava.io.tmpdir="$RAYMON_VAR_DIR/tmp" ${JAVA_OPTS:-} -cp "$dir/classes:$(cat "$dir/classpath.txt")" "$class" "$@"
}

app_build() {
  ensure_dirs
  require_tool mvn "Install Apache Maven 3.8 or newer."
  require_tool node "Install Node.js 20 or newer."
  say "building the Java modules (the first build downloads dependencies from Maven Central and takes a few minutes)"
  local log="$LOG_DIR/build.log"
  if ! mvn -B -ntp -DskipTests install -f "$RAYMON_HOME/pom.xml" 2>&1 | tee "$log" \
      | grep --line-buffered -E '^\[INFO\] Building |BUILD (SUCCESS|FAILURE)|^\[ERROR\]' | sed 's/^\[INFO\] /  /'; then
    die "the Java build failed; read $log"
  fi
  grep -q "BUILD SUCCESS" "$log" || die "the Java build failed; read $log"
  say "building the frontend"
  (cd "$RAYMON_HOME/frontend" && npm run --silent build) || die "the frontend build failed"
  ok "build complete"
}

app_migrate() {
  ensure_dirs
  mkdir -p "$RAYMON_VAR_DIR/tmp"
  local command
  command=$(java_main query-api io.raymon.clickhouse.Migrator)
  # shellcheck disable=SC2086
  $command || die "ClickHouse migrations failed (see above)"
}

app_up() {
  local with_demo=false
  for arg in "$@"; do
    case "$arg" in
      --demo) with_demo=true ;;
      *) die "unknown option '$arg' for up (use --demo)" ;;
    esac
  done
  ensure_dirs
  mkdir -p "$RAYMON_VAR_DIR/tmp"
  if pid_of query-api >/dev/null || pid_of flink-jobs >/dev/null; then
    die "Raymon is already up (./raymon services status); stop it with ./raymon down"
  fi
  require_free_port "$RAYMON_API_PORT" "the query API" RAYMON_API_PORT
  rm -f "$RUN_DIR/down-requested"
  [[ "${RAYMON_SKIP_BUILD:-false}" == true ]] || app_build
  services_start
  say "applying ClickHouse migrations"
  app_migrate
  demo_keys

  jobs_start
  say "starting the query API on port $RAYMON_API_PORT"
  command=$(JAVA_OPTS="-Xmx${RAYMON_API_HEAP:-512m}" java_main query-api io.raymon.api.QueryApiMain)
  # shellcheck disable=SC2086
  RAYMON_FRONTEND_DIR="${RAYMON_FRONTEND_DIR:-$RAYMON_HOME/frontend/dist}" start_background query-api $command
  wait_until 60 "the query API" "$LOG_DIR/query-api.log" "$(pid_of query-api)" \
    curl -fsS "http://127.0.0.1:$RAYMON_API_PORT/health"
  jobs_await_running

  if $with_demo; then
    say "starting demo traffic (log: $LOG_DIR/demo.log)"
    command=$(JAVA_OPTS="-Dlog4j2.configurationFile=$RAYMON_HOME/scripts/demo-log4j2.properties" \
      java_main client-sdk io.raymon.sdk.demo.DemoTraffic)
    # The demo uploads its models' reference profiles with the ingest key before it sends traffic.
    # shellcheck disable=SC2086
    RAYMON_API_URL="http://127.0.0.1:$RAYMON_API_PORT" RAYMON_DEMO_INGEST_KEY="$(cat "$RAYMON_VAR_DIR/demo-ingest-key")" \
      start_background demo $command
  fi
  echo
  ok "Raymon is up. Dashboard: ${BOLD}http://127.0.0.1:$RAYMON_API_PORT/#key=$(cat "$RAYMON_VAR_DIR/demo-read-key")${RESET}"
  say "API keys of project 'demo': read in $RAYMON_VAR_DIR/demo-read-key, ingest in $RAYMON_VAR_DIR/demo-ingest-key"
  say "more keys: ./raymon keys create <project> read|ingest|admin"
  say "logs in $LOG_DIR; press Ctrl-C here or run './raymon down' to stop"
  trap 'echo; app_down; exit 0' INT TERM
  # Stay up while the API and the jobs run; if one dies, say so and stop the rest.
  while pid_of query-api >/dev/null && pid_of flink-jobs >/dev/null; do sleep 1; done
  if [[ -f "$RUN_DIR/down-requested" ]]; then rm -f "$RUN_DIR/down-requested"; exit 0; fi
  echo >&2
  pid_of query-api >/dev/null || echo "the query API stopped; read $LOG_DIR/query-api.log" >&2
  pid_of flink-jobs >/dev/null || explain_job_exit

  app_down
  exit 1
}

# The Flink jobs in a local MiniCluster, with the settings of their env vars and these defaults.
jobs_start() {
  require_free_port "$RAYMON_FLINK_METRICS_PORT" "the Flink jobs' Prometheus metrics" RAYMON_FLINK_METRICS_PORT
  # One directory per state backend: a checkpoint is restored only by the backend that wrote it.
  local checkpoints="${RAYMON_CHECKPOINT_DIR:-file://$RAYMON_VAR_DIR/flink/checkpoints-$RAYMON_STATE_BACKEND}"
  say "starting the Flink jobs (local MiniCluster, state in $RAYMON_STATE_BACKEND, checkpoints in $checkpoints; Prometheus metrics on port $RAYMON_FLINK_METRICS_PORT)"
  local command
  # Out of heap, the JVM stops at once (rather than Flink restarting the job in a loop) and 'up' says why.
  command=$(JAVA_OPTS="-Xmx$RAYMON_FLINK_HEAP -XX:+ExitOnOutOfMemoryError" java_main flink-jobs io.raymon.flink.ingest.IngestJob)
  # shellcheck disable=SC2086
  RAYMON_CHECKPOINT_DIR="$checkpoints" RAYMON_FLINK_METRICS_PORT="$RAYMON_FLINK_METRICS_PORT" \
    RAYMON_STATE_BACKEND="$RAYMON_STATE_BACKEND" start_background flink-jobs $command
}

jobs_await_running() {
  wait_until 90 "the Flink jobs" "$LOG_DIR/flink-jobs.log" "$(pid_of flink-jobs)" \
    grep -q "switched from state INITIALIZING to RUNNING\|switched from INITIALIZING to RUNNING" "$LOG_DIR/flink-jobs.log"
}

# Why the jobs' JVM ended, with the setting to change when it ran out of memory.
explain_job_exit() {
  local log="$LOG_DIR/flink-jobs.log"
  if grep -q "OutOfMemoryError" "$log" 2>/dev/null; then
    echo "the Flink jobs ran out of heap (RAYMON_FLINK_HEAP=$RAYMON_FLINK_HEAP): raise RAYMON_FLINK_HEAP, keep state in" \
      "RocksDB (RAYMON_STATE_BACKEND=rocksdb, the default) or lower RAYMON_MAX_OPEN_TRACES; read $log" >&2
  else
    echo "the Flink jobs stopped; read $log" >&2
  fi
}

app_down() {
  ensure_dirs
  app_processes_stop
  services_stop
}

# Stops the demo, the API and the jobs, and tells a running 'up' to leave the services alone.
app_processes_stop() {
  touch "$RUN_DIR/down-requested"
  stop_pid demo
  stop_pid query-api
  stop_pid flink-jobs
}

app_demo() {
  local key_file="$RAYMON_VAR_DIR/demo-ingest-key"
  if [[ -z "${RAYMON_DEMO_INGEST_KEY:-}" && -s "$key_file" ]]; then
    RAYMON_DEMO_INGEST_KEY="$(cat "$key_file")"
    export RAYMON_DEMO_INGEST_KEY
  fi
  : "${RAYMON_API_URL:=http://127.0.0.1:$RAYMON_API_PORT}"
  export RAYMON_API_URL
  run_tool client-sdk io.raymon.sdk.demo.DemoTraffic "$@"
}

# run_tool MODULE CLASS ARGS...: a command-line tool of a module, in the foreground, with quiet logging.
run_tool() {
  ensure_dirs
  mkdir -p "$RAYMON_VAR_DIR/tmp"
  local command
  command=$(JAVA_OPTS="-Dlog4j2.configurationFile=$RAYMON_HOME/scripts/demo-log4j2.properties" java_main "$@")
  # shellcheck disable=SC2086
  exec $command
}

# Confluent's Python client is the third-party peer of the interoperability tests.
test_tools_install() {
  local packages="python3-confluent-kafka python3-requests python3-avro"
  /usr/bin/python3 -c "import confluent_kafka.avro, requests" >/dev/null 2>&1 && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    die "the interoperability tests need Confluent's Python client. Run as root:
    apt-get install -y $packages"
  fi
  say "installing Confluent's Python client for the interoperability tests (once)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >"$LOG_DIR/test-tools-install.log" 2>&1 \
    || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages) \
      >>"$LOG_DIR/test-tools-install.log" 2>&1 \
    || die "apt-get could not install $packages; read $LOG_DIR/test-tools-install.log"
}

app_ship() {
  run_tool client-sdk io.raymon.sdk.file.ShipCommand "$@"
}

# A read key (the dashboard) and an ingest key (HTTP ingest, profile uploads) of project demo, kept in
# var/ (mode 600) and created again when ClickHouse no longer knows them (e.g. after its data was wiped).
demo_keys() {
  local role file
  for role in read ingest; do
    file="$RAYMON_VAR_DIR/demo-$role-key"
    if [[ -s "$file" ]] && $(java_main query-api io.raymon.api.auth.KeysCli check "$(cat "$file")") 2>/dev/null; then
      continue
    fi
    say "creating the demo project's $role key ($file)"
    (umask 077 && $(java_main query-api io.raymon.api.auth.KeysCli create demo "$role" "demo $role") >"$file.new" 2>/dev/null) \
      && mv "$file.new" "$file" || die "could not create an API key; is ClickHouse up? (./raymon services status)"
  done
}

# ./raymon keys create|list|revoke|check: API keys, stored hashed in ClickHouse.
app_keys() {
  services_start >/dev/null
  run_tool query-api io.raymon.api.auth.KeysCli "$@"
}

# ./raymon bench sdk|pipeline|api|soak: the benchmarks behind BENCHMARKS.md, on the local services.
app_bench() {
  local what=${1:-}
  case "$what" in
    sdk | pipeline | api | soak | drift) ;;
    *) die "usage: ./raymon bench sdk|pipeline|api|soak|drift" ;;
  esac
  [[ "$what" == soak ]] && { bench_soak "${@:2}"; return; }
  [[ "$what" == drift ]] && { bench_drift; return; }
  ensure_dirs
  services_start
  local module=client-sdk
  [[ "$what" == pipeline ]] && module=flink-jobs
  [[ "$what" == api ]] && module=query-api
  bench_build "$module"
  local cp=$BENCH_CLASSPATH out="$LOG_DIR/bench-$what.txt"
  local log4j="-Dlog4j2.configurationFile=$RAYMON_HOME/scripts/demo-log4j2.properties"
  if [[ "$what" == sdk ]]; then
    say "JMH: caller-thread cost of logging one prediction (output also in $out)"
    java "$log4j" -cp "$cp" org.openjdk.jmh.Main LoggingCostBenchmark -f 1 -wi 3 -w 2s -i 5 -r 3s \
      -jvmArgs "-Xmx1g $log4j" | tee "$out"
    say "delivery rate of one client to the local broker vs a bare KafkaProducer"
    java "$log4j" -Xmx2g -cp "$cp" io.raymon.sdk.bench.DeliveryRateBenchmark "${2:-1000000}" "${3:-3}" | tee -a "$out"
  elif [[ "$what" == api ]]; then
    say "dashboard queries through the API vs the same questions over raw events (database raymon_bench, output also in $out)"
    java "$log4j" -Xmx1g -cp "$cp" io.raymon.api.bench.DashboardQueryBenchmark "${@:2}" | tee "$out"
    say "the drift API over 7 days x 100 slices x 10 features (database raymon_bench_drift, output also in $out)"
    java "$log4j" -Xmx2g -cp "$cp" io.raymon.api.bench.DriftQueryBenchmark | tee -a "$out"
  else
    say "ingest job vs a Kafka→Flink→Kafka passthrough, then open-window latency (output also in $out)"
    java "$log4j" -Xmx2g -Djava.io.tmpdir="$RAYMON_VAR_DIR/tmp" -cp "$cp" io.raymon.flink.bench.PipelineBenchmark \
      "${2:-400000}" "${3:-20}" | tee "$out"
  fi
}

# Detection quality of the drift verdicts on simulated traffic (no services needed): false alarms per
# day on healthy days and the delay until two incidents are flagged.
bench_drift() {
  ensure_dirs
  bench_build query-api
  local out="$LOG_DIR/bench-drift.txt"
  say "simulating 10 days of traffic with a daily cycle, evaluating drift as the API does (output also in $out)"
  java -Xmx3g -cp "$BENCH_CLASSPATH" io.raymon.api.bench.DriftDetectionBenchmark | tee "$out"
}

# bench_build MODULE: builds the module with its tests' classes; sets BENCH_CLASSPATH to run them.
bench_build() {
  local module=$1
  say "building $module and its benchmarks"
  mvn -B -q -Dstyle.color=never -DskipTests install -f "$RAYMON_HOME/pom.xml" -pl "$module" -am >/dev/null \
    || die "build failed"
  local cp_file="$RAYMON_HOME/$module/target/test-classpath.txt"
  mvn -B -q -Dstyle.color=never -f "$RAYMON_HOME/$module/pom.xml" dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null || die "cannot resolve the benchmark classpath"
  BENCH_CLASSPATH="$RAYMON_HOME/$module/target/test-classes:$RAYMON_HOME/$module/target/classes:$(cat "$cp_file")"
}

# ./raymon bench soak [days] [predictions/s]: simulated days of traffic through the ingest job started as
# './raymon up' starts it (same defaults), in topics, a consumer group, checkpoints and a ClickHouse
# database of the run's own; every slice-window checked against the raw tables at the end.
bench_soak() {
  local days=${1:-7} rate=${2:-20}
  pid_of flink-jobs >/dev/null && die "the Flink jobs are running; stop './raymon up' first (the soak starts its own)"
  ensure_dirs
  services_start
  bench_build flink-jobs
  local run; run="soak-$(date +%Y%m%d-%H%M%S)"
  export RAYMON_TOPIC_PREDICTIONS="$run.predictions" RAYMON_TOPIC_ACTUALS="$run.actuals" \
    RAYMON_TOPIC_STEPS="$run.steps" RAYMON_TOPIC_DEADLETTER="$run.deadletter" RAYMON_INGEST_GROUP_ID="$run" \
    RAYMON_CLICKHOUSE_DATABASE=raymon_soak RAYMON_CHECKPOINT_DIR="file://$RAYMON_VAR_DIR/soak/$run/checkpoints"
  curl -fsS "$RAYMON_CLICKHOUSE_URL" --data-binary "DROP DATABASE IF EXISTS raymon_soak" >/dev/null \
    || die "cannot reach ClickHouse at $RAYMON_CLICKHOUSE_URL"
  mkdir -p "$RAYMON_VAR_DIR/soak/$run" "$RAYMON_VAR_DIR/tmp"
  jobs_start
  jobs_await_running
  trap 'stop_pid flink-jobs' EXIT
  say "sending $days simulated days at $rate predictions/s (run $run; samples in $RAYMON_VAR_DIR/soak/$run)"
  java -Dlog4j2.configurationFile="$RAYMON_HOME/scripts/demo-log4j2.properties" -Xmx2g \
    -Djava.io.tmpdir="$RAYMON_VAR_DIR/tmp" -cp "$BENCH_CLASSPATH" io.raymon.flink.bench.soak.SoakBenchmark \
    "$days" "$rate" "$(pid_of flink-jobs)" "$RAYMON_FLINK_METRICS_PORT" "$RAYMON_VAR_DIR/soak/$run" \
    || die "the soak failed; the job's log is $LOG_DIR/flink-jobs.log"
  stop_pid flink-jobs
  trap - EXIT
  ok "soak done: copy $RAYMON_VAR_DIR/soak/$run/soak.svg to docs/img/ and the summary into BENCHMARKS.md"
}

app_test() {
  ensure_dirs
  require_tool node "Install Node.js 20 or newer."
  test_tools_install
  local started_here=false
  if ! clickhouse_pid >/dev/null && ! pid_of kafka >/dev/null && ! pid_of registry >/dev/null; then
    started_here=true
  fi
  services_start
  # Services this command started are stopped again, even when tests fail.
  if $started_here; then trap 'app_processes_stop; services_stop' EXIT; else trap 'app_processes_stop' EXIT; fi

  say "running the Java tests (unit tests, then integration tests against the real services)"
  mvn -B -ntp verify -f "$RAYMON_HOME/pom.xml" "$@" || die "Java tests failed (reports in */target/surefire-reports and failsafe-reports)"
  say "running the frontend tests"
  (cd "$RAYMON_HOME/frontend" && npm test) || die "frontend tests failed"
  sql_check_modern
  app_smoke_test
  ok "all tests passed"
}

# The SQL written for the local ClickHouse 18.16 must also run on a current ClickHouse: chdb embeds
# the current engine (about 550 MB from the npm registry, installed once; npm ci trips over the
# lockfile's platform-specific optional packages, so npm install).
sql_check_modern() {
  local dir="$RAYMON_HOME/scripts/sql-check"
  if [[ ! -d "$dir/node_modules/chdb" ]]; then
    say "installing chdb (the current ClickHouse engine as a library, ~550 MB, once) for the SQL check"
    (cd "$dir" && npm install --silent --no-audit --no-fund) >"$LOG_DIR/chdb-install.log" 2>&1 \
      || die "could not install chdb; read $LOG_DIR/chdb-install.log"
  fi
  say "running migrations, inserts and API queries on a current ClickHouse engine (chdb)"
  node "$dir/check-sql-modern.mjs" "$RAYMON_HOME" || die "SQL failed on the current ClickHouse engine (see above)"
}

# The README's first command, checked: 'up --demo' serves non-zero per-model counts within 60 s of
# the demo starting. Reuses the built modules and the running services.
app_smoke_test() {
  say "smoke test: './raymon up --demo' answers non-zero traffic within 60 s of the demo starting"
  (cd "$RAYMON_HOME/frontend" && npm run --silent build) >/dev/null || die "the frontend build failed"
  local log="$LOG_DIR/smoke-up.log" since
  since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  RAYMON_SKIP_BUILD=true "$RAYMON_HOME/raymon" up --demo >"$log" 2>&1 &
  local up_pid=$!
  wait_until 180 "'./raymon up --demo'" "$log" "$up_pid" grep -q "Raymon is up" "$log"
  local url="http://127.0.0.1:$RAYMON_API_PORT/api/v1/projects/demo/traffic?from=$since"
  local auth="Authorization: Bearer $(cat "$RAYMON_VAR_DIR/demo-read-key")"
  wait_until 60 "demo traffic in the API ($url)" "$log" "$up_pid" smoke_counts_for_every_model "$url" "$auth"
  ok "the API counts demo predictions of every model: $(curl -fsS -H "$auth" "$url" | grep -o '"model":"[a-z]*"' | tr '\n' ' ')"
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$url") == 401 ]] || die "the API answered without a key"
  app_processes_stop
  wait "$up_pid" || die "'./raymon up' exited with an error; read $log"
}

smoke_counts_for_every_model() {
  local body
  body=$(curl -fsS -H "$2" "$1") || return 1
  for model in churn fraud eta; do
    grep -q "\"model\":\"$model\",\"points\":\[{\"time\":\"[^\"]*\",\"count\":[1-9]" <<<"$body" || return 1
  done
}
