#!/usr/bin/env bash
# Load test of the embedded bus, producer and consumer in separate processes on one store:
#   1. produce N events as fast as possible while a consumer group follows (produce rate, end to end);
#   2. a new group reads the N-event backlog (batch consume rate);
#   3. produce at 1,000 events/s while a group follows (latency p50/p99).
# Each figure leaves out a warm-up (the first 10% of the events) while the JIT compiles both processes.
# Usage: benchmarks/run-embedded.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-50000}"
w=$((n / 10))
./mvnw -q -B -pl benchmarks -am package -DskipTests
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
run() {
  java -DEVENT_BUS_PRODUCER=embedded -DEVENT_BUS_CONSUMER=embedded -DEVENT_BUS_EMBEDDED_PATH="$store/bus.db" \
      -cp benchmarks/target/benchmarks.jar org.openedx.events.benchmarks.BusLoad "$@"
}
follow() {  # starts a consumer in the background and waits until it is ready
  run consume "$@" > "$store/consumer.out" &
  consumer=$!
  until grep -q ready "$store/consumer.out" 2>/dev/null; do sleep 0.1; done
}

echo "== 1. $n events, producer and consumer processes at once"
follow load live "$n" "$w" from-now
run produce load $((n + w))
wait "$consumer"; grep -v ready "$store/consumer.out"

echo "== 2. a new group reads the $n-event backlog"
run consume load backlog "$n" "$w" | grep -v ready

echo "== 3. 10,000 events at 1,000 events/s"
follow paced live 10000 2000 from-now
run produce paced 12000 1000
wait "$consumer"; grep -v ready "$store/consumer.out"
