# The three real services of the local stack: Kafka (KRaft), a Confluent-API schema registry
# (Apicurio, H2 file storage) and ClickHouse. Each lives under $RAYMON_VAR_DIR/<service>.
# shellcheck shell=bash

APICURIO_VERSION=3.0.9
KAFKA_CLUSTER_ID=raymon-local-kafka-01   # fixed: the data directory is formatted once with it

# ---------------------------------------------------------------- Kafka
kafka_dir() { echo "$RAYMON_VAR_DIR/kafka"; }

kafka_install() {
  local libs; libs="$(kafka_dir)/libs"
  [[ -f "$libs/.complete" ]] && return 0
  say "downloading the Kafka broker jars from Maven Central (once)"
  mkdir -p "$libs"
  with_retries 3 mvn -B -q -Dstyle.color=never -f "$RAYMON_HOME/scripts/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$libs" || die "could not download Kafka jars (see Maven output above)"
  touch "$libs/.complete"
}

kafka_ready() { grep -q "Kafka Server started" "$LOG_DIR/kafka.log" 2>/dev/null && port_in_use "$RAYMON_KAFKA_PORT"; }

kafka_start() {
  if pid_of kafka >/dev/null; then ok "Kafka already running on $RAYMON_KAFKA_BOOTSTRAP"; return 0; fi
  require_free_port "$RAYMON_KAFKA_PORT" Kafka RAYMON_KAFKA_PORT
  require_free_port "$RAYMON_KAFKA_CONTROLLER_PORT" "the Kafka controller" RAYMON_KAFKA_CONTROLLER_PORT
  kafka_install
  local dir; dir=$(kafka_dir)
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$RAYMON_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$RAYMON_KAFKA_PORT,CONTROLLER://127.0.0.1:$RAYMON_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$RAYMON_KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=2
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
EOF
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    java -cp "$dir/libs/*" -Dlog4j2.configurationFile="$RAYMON_HOME/scripts/kafka/log4j2.properties" \
      kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$dir/server.properties" \
      --feature transaction.version=1 >"$LOG_DIR/kafka-format.log" 2>&1 \
      || die "formatting the Kafka data directory failed; read $LOG_DIR/kafka-format.log"
  fi
  say "starting Kafka on $RAYMON_KAFKA_BOOTSTRAP"
  : >"$LOG_DIR/kafka.log"
  start_background kafka java "-Xmx$RAYMON_KAFKA_HEAP" -Djava.io.tmpdir="$dir" \
    -Dlog4j2.configurationFile="$RAYMON_HOME/scripts/kafka/log4j2.properties" \
    -cp "$dir/libs/*" kafka.Kafka "$dir/server.properties"
  wait_until 90 Kafka "$LOG_DIR/kafka.log" "$(pid_of kafka)" kafka_ready
  ok "Kafka ready on $RAYMON_KAFKA_BOOTSTRAP"
}

# ---------------------------------------------------------------- Schema registry
registry_dir() { echo "$RAYMON_VAR_DIR/registry"; }
registry_jar() { echo "$(registry_dir)/dist/apicurio-registry-app-$APICURIO_VERSION-runner.jar"; }

registry_install() {
  [[ -f "$(registry_jar)" ]] && return 0
  say "downloading Apicurio Registry $APICURIO_VERSION from Maven Central (once)"
  local dir; dir=$(registry_dir)
  mkdir -p "$dir/dist"
  with_retries 3 mvn -B -q -Dstyle.color=never -f "$RAYMON_HOME/scripts/kafka/pom.xml" dependency:copy \
      -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" \
      -DoutputDirectory="$dir/download" || die "could not download Apicurio Registry (see Maven output above)"
  tar xzf "$dir/download/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz" -C "$dir/dist" \
    || die "could not unpack Apicurio Registry"
  [[ -f "$(registry_jar)" ]] || die "Apicurio Registry runner jar not found after unpacking in $dir/dist"
}

registry_ready() { curl -fsS "http://127.0.0.1:$RAYMON_REGISTRY_PORT/health/ready"; }

registry_start() {
  if pid_of registry >/dev/null; then ok "schema registry already running on $RAYMON_SCHEMA_REGISTRY_URL"; return 0; fi
  require_free_port "$RAYMON_REGISTRY_PORT" "the schema registry" RAYMON_REGISTRY_PORT
  registry_install
  local dir; dir=$(registry_dir)
  mkdir -p "$dir/db"
  say "starting the schema registry (Apicurio, Confluent API) on port $RAYMON_REGISTRY_PORT"
  # H2 in a file keeps schema ids across restarts, so records already on Kafka stay decodable.
  start_background registry java "-Xmx$RAYMON_REGISTRY_HEAP" -Djava.io.tmpdir="$dir" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$RAYMON_REGISTRY_PORT" \
    -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=h2 \
    -Dapicurio.datasource.url="jdbc:h2:file:$dir/db/registry" \
    -Dapicurio.datasource.username=sa -Dapicurio.datasource.password=sa \
    -jar "$(registry_jar)"
  wait_until 120 "the schema registry" "$LOG_DIR/registry.log" "$(pid_of registry)" registry_ready
  ok "schema registry ready at $RAYMON_SCHEMA_REGISTRY_URL"
}

# ---------------------------------------------------------------- ClickHouse
clickhouse_dir() { echo "$RAYMON_VAR_DIR/clickhouse"; }

clickhouse_binary() { command -v clickhouse-server || { [[ -x /usr/sbin/clickhouse-server ]] && echo /usr/sbin/clickhouse-server; }; }

clickhouse_install() {
  clickhouse_binary >/dev/null && return 0
  local packages="clickhouse-server clickhouse-client"
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    die "ClickHouse is not installed and this user cannot install it. Run as root:
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $packages
  then run this command again."
  fi
  say "installing ClickHouse from Debian's packages (once)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages) \
    >"$LOG_DIR/clickhouse-install.log" 2>&1 || die "apt-get could not install ClickHouse; read $LOG_DIR/clickhouse-install.log"
}

clickhouse_ready() { [[ "$(curl -fsS "$RAYMON_CLICKHOUSE_URL/ping")" == "Ok." ]]; }

clickhouse_pid() {
  local file; file="$(clickhouse_dir)/clickhouse.pid"
  [[ -f "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null && cat "$file"
}

clickhouse_start() {
  if clickhouse_pid >/dev/null; then ok "ClickHouse already running on $RAYMON_CLICKHOUSE_URL"; return 0; fi
  require_free_port "$RAYMON_CLICKHOUSE_HTTP_PORT" "ClickHouse (HTTP)" RAYMON_CLICKHOUSE_HTTP_PORT
  require_free_port "$RAYMON_CLICKHOUSE_TCP_PORT" "ClickHouse (native)" RAYMON_CLICKHOUSE_TCP_PORT
  clickhouse_install
  local dir; dir=$(clickhouse_dir)
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>$LOG_DIR/clickhouse.log</log>
    <errorlog>$LOG_DIR/clickhouse.err.log</errorlog>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$RAYMON_CLICKHOUSE_HTTP_PORT</http_port>
  <tcp_port>$RAYMON_CLICKHOUSE_TCP_PORT</tcp_port>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>536870912</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
</yandex>
EOF
  cat >"$dir/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <load_balancing>random</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
  say "starting ClickHouse on $RAYMON_CLICKHOUSE_URL"
  : >"$LOG_DIR/clickhouse.err.log"
  "$(clickhouse_binary)" --config-file="$dir/config.xml" --daemon --pid-file="$dir/clickhouse.pid" \
    >"$LOG_DIR/clickhouse.out.log" 2>&1 || die "ClickHouse failed to start; read $LOG_DIR/clickhouse.err.log"
  wait_until 60 ClickHouse "$LOG_DIR/clickhouse.err.log" "" clickhouse_ready
  ok "ClickHouse ready on $RAYMON_CLICKHOUSE_URL"
}

clickhouse_stop() {
  local pid file; file="$(clickhouse_dir)/clickhouse.pid"
  pid=$(clickhouse_pid) || { rm -f "$file"; return 0; }
  say "stopping ClickHouse (pid $pid)"
  terminate "$pid" 30
  rm -f "$file"
}

# ---------------------------------------------------------------- all services
services_start() {
  ensure_dirs
  if [[ "${RAYMON_EXTERNAL_SERVICES:-false}" == true ]]; then
    services_check_external
    return 0
  fi
  require_tool java "Install a Java 17 JDK."
  require_tool mvn "Install Apache Maven 3.8 or newer."
  require_tool curl "Install curl (apt-get install -y curl)."
  clickhouse_start
  kafka_start
  registry_start
}

# RAYMON_EXTERNAL_SERVICES=true: someone else runs the services (docker-compose, a cluster); only check them.
services_check_external() {
  clickhouse_ready || die "ClickHouse is not reachable at $RAYMON_CLICKHOUSE_URL (RAYMON_CLICKHOUSE_URL)"
  curl -fsS "$RAYMON_SCHEMA_REGISTRY_URL/subjects" >/dev/null \
    || die "no schema registry answers at $RAYMON_SCHEMA_REGISTRY_URL (RAYMON_SCHEMA_REGISTRY_URL)"
  port_in_use "${RAYMON_KAFKA_BOOTSTRAP##*:}" || die "Kafka is not reachable at $RAYMON_KAFKA_BOOTSTRAP (RAYMON_KAFKA_BOOTSTRAP)"
  ok "using external services: Kafka $RAYMON_KAFKA_BOOTSTRAP, registry $RAYMON_SCHEMA_REGISTRY_URL, ClickHouse $RAYMON_CLICKHOUSE_URL"
}

services_stop() {
  ensure_dirs
  if [[ "${RAYMON_EXTERNAL_SERVICES:-false}" == true ]]; then return 0; fi
  stop_pid registry
  stop_pid kafka
  clickhouse_stop
  ok "services stopped"
}

services_status() {
  ensure_dirs
  local state
  state() { if "$@" >/dev/null 2>&1; then echo "${GREEN}running${RESET}"; else echo "${RED}stopped${RESET}"; fi; }
  printf '  %-16s %-18s %s\n' "ClickHouse" "$(state clickhouse_pid)" "$RAYMON_CLICKHOUSE_URL"
  printf '  %-16s %-18s %s\n' "Kafka" "$(state pid_of kafka)" "$RAYMON_KAFKA_BOOTSTRAP"
  printf '  %-16s %-18s %s\n' "Schema registry" "$(state pid_of registry)" "$RAYMON_SCHEMA_REGISTRY_URL"
  printf '  %-16s %-18s %s\n' "Flink jobs" "$(state pid_of flink-jobs)" "log: $LOG_DIR/flink-jobs.log"
  printf '  %-16s %-18s %s\n' "Query API" "$(state pid_of query-api)" "http://127.0.0.1:$RAYMON_API_PORT/"
}
