#!/usr/bin/env bash
# What metrics and tracing cost on the embedded and Redis buses, in one run: for each bus, rounds
# that alternate no observability, metrics (EventBusMetrics on a Prometheus registry) and tracing
# (OpenTelemetry, always sampled, a no-op exporter); one thread produces N events until all are
# confirmed, then new groups consume them (five in turn on the embedded bus, whose consumer is
# much faster than its producer, one on Redis). Prints each round and the medians, with the change
# against no observability. Redis: the one at EVENT_BUS_REDIS_CONNECTION_URL, else a redis-server
# this script starts on a free 127.0.0.1 port.
# Usage: benchmarks/run-observability.sh [embedded N] [redis N] [rounds]   (defaults 40000 200000 7)
set -euo pipefail
cd "$(dirname "$0")/.."
embedded_n="${1:-40000}"
redis_n="${2:-200000}"
rounds="${3:-7}"
./mvnw -q -B -pl benchmarks -am package -DskipTests
work="$(mktemp -d)"
redis_pid=""
cleanup() {
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
run() {
  java -Xms512m -Xmx1g -DEVENT_BUS_AUDIT_LOGGING_ENABLED=false "$@"
}

echo "== embedded: $embedded_n events per phase, $rounds rounds"
run -DEVENT_BUS_PRODUCER=embedded -DEVENT_BUS_CONSUMER=embedded -DEVENT_BUS_EMBEDDED_PATH="$work/bus.db" \
    -cp benchmarks/target/benchmarks.jar org.openedx.events.benchmarks.ObservabilityOverhead "$embedded_n" "$rounds" 5

url="${EVENT_BUS_REDIS_CONNECTION_URL:-}"
if [ -z "$url" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
  redis_pid=$!
  until redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; do sleep 0.1; done
  url="redis://127.0.0.1:$port/0"
fi
echo "== redis ($url): $redis_n events per phase, $rounds rounds"
run -DEVENT_BUS_PRODUCER=redis -DEVENT_BUS_CONSUMER=redis -DEVENT_BUS_REDIS_CONNECTION_URL="$url" \
    -DEVENT_BUS_REDIS_STREAM_MAX_LEN=$((redis_n * 2)) \
    -cp benchmarks/target/benchmarks.jar org.openedx.events.benchmarks.ObservabilityOverhead "$redis_n" "$rounds"
