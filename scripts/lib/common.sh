# Shared settings and helpers for ./raymon. Every setting is an env var with a default.
# shellcheck shell=bash

: "${RAYMON_VAR_DIR:=$RAYMON_HOME/var}"          # data, logs and pid files of the local stack
: "${RAYMON_KAFKA_PORT:=9092}"
: "${RAYMON_KAFKA_CONTROLLER_PORT:=9093}"
: "${RAYMON_REGISTRY_PORT:=8081}"
: "${RAYMON_CLICKHOUSE_HTTP_PORT:=8123}"
: "${RAYMON_CLICKHOUSE_TCP_PORT:=9000}"
: "${RAYMON_API_PORT:=8080}"
: "${RAYMON_KAFKA_HEAP:=512m}"
: "${RAYMON_REGISTRY_HEAP:=256m}"
: "${RAYMON_FLINK_HEAP:=1g}"                    # heap of the jobs' JVM (state itself is in RocksDB, off the heap)
: "${RAYMON_FLINK_METRICS_PORT:=9249}"          # the jobs' Prometheus metrics (/metrics)
: "${RAYMON_STATE_BACKEND:=rocksdb}"            # where the jobs keep state: rocksdb (local disk) or hashmap (heap)

# Addresses the Java processes and tests read (see each module's README).
: "${RAYMON_KAFKA_BOOTSTRAP:=127.0.0.1:$RAYMON_KAFKA_PORT}"
: "${RAYMON_SCHEMA_REGISTRY_URL:=http://127.0.0.1:$RAYMON_REGISTRY_PORT/apis/ccompat/v7}"
: "${RAYMON_CLICKHOUSE_URL:=http://127.0.0.1:$RAYMON_CLICKHOUSE_HTTP_PORT}"
export RAYMON_VAR_DIR RAYMON_KAFKA_BOOTSTRAP RAYMON_SCHEMA_REGISTRY_URL RAYMON_CLICKHOUSE_URL RAYMON_API_PORT

RUN_DIR="$RAYMON_VAR_DIR/run"
LOG_DIR="$RAYMON_VAR_DIR/log"

if [[ -t 1 ]]; then BOLD=$'\e[1m'; RED=$'\e[31m'; GREEN=$'\e[32m'; RESET=$'\e[0m'; else BOLD=; RED=; GREEN=; RESET=; fi

say() { echo "${BOLD}[raymon]${RESET} $*"; }
ok() { echo "${BOLD}[raymon]${GREEN} ✔${RESET} $*"; }
die() { echo "${BOLD}[raymon]${RED} ✘ $*${RESET}" >&2; exit 1; }

ensure_dirs() { mkdir -p "$RUN_DIR" "$LOG_DIR"; }

# pid_of NAME: the pid recorded for a process this project started, if it is still alive.
pid_of() {
  local file="$RUN_DIR/$1.pid" pid
  [[ -f "$file" ]] || return 1
  pid=$(cat "$file")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; return 0; fi
  rm -f "$file"
  return 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# require_free_port PORT NAME VAR: fail with a clear message if another process holds the port.
require_free_port() {
  if port_in_use "$1"; then
    die "port $1 needed by $2 is already in use by another process. Stop it, or choose another port with $3=<port>."
  fi
}

# wait_until SECONDS NAME LOG PID COMMAND...: poll COMMAND until it succeeds; fail early if PID dies.
wait_until() {
  local seconds=$1 name=$2 log=$3 pid=$4; shift 4
  local deadline=$((SECONDS + seconds))
  while ! "$@" >/dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "----- last lines of $log -----" >&2; tail -n 25 "$log" >&2 || true
      die "$name exited during startup; read $log"
    fi
    if (( SECONDS >= deadline )); then
      echo "----- last lines of $log -----" >&2; tail -n 25 "$log" >&2 || true
      die "$name did not become ready within ${seconds}s; read $log"
    fi
    sleep 0.5
  done
}

# terminate PID SECONDS: TERM the process and its children, KILL it if still alive after SECONDS.
terminate() {
  local pid=$1 deadline=$((SECONDS + $2))
  pkill -TERM -P "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.2
  done
}

# stop_pid NAME: stop a process this project started and forget its pid.
stop_pid() {
  local name=$1 pid
  pid=$(pid_of "$name") || return 0
  say "stopping $name (pid $pid)"
  terminate "$pid" 20
  rm -f "$RUN_DIR/$name.pid"
}

# start_background NAME COMMAND...: run COMMAND detached, logging to var/log/NAME.log.
start_background() {
  local name=$1; shift
  local log="$LOG_DIR/$name.log"
  nohup "$@" >"$log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

require_tool() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required but not installed. $2"
}

# with_retries N COMMAND...: downloads from Maven Central fail now and then; try N times.
with_retries() {
  local attempts=$1 i; shift
  for ((i = 1; i <= attempts; i++)); do
    "$@" && return 0
    (( i < attempts )) && say "attempt $i of $attempts failed; retrying in 5 s" && sleep 5
  done
  return 1
}
