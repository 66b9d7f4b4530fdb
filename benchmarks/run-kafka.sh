#!/usr/bin/env bash
# Load test of the Kafka bus against bare kafka-clients (KafkaLoad): produce N login events with the bus and N
# records of the same bytes with a bare producer, then consume them with the bus and with two bare consumers (one
# reading each record, one only counting); a warm-up round, then 3 rounds (-Drounds=) taking turns at going first;
# prints each round, the medians, the bus/bare ratios and the CPU per event, thread by thread. A single-node broker
# (KRaft) and an Apicurio schema registry (it needs a JDK 21+, found as the tests find it) run as local processes
# on 127.0.0.1 and end with this script.
# Usage: benchmarks/run-kafka.sh [N [PARTITIONS]]   (LOAD_JAVA_OPTS: JVM options of the load process)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am package -DskipTests -Dapicurio.skip=false
jar=benchmarks/target/benchmarks.jar
work="$(mktemp -d)"
pids=()
cleanup() {
  exec 3>&- 4>&- || true   # closing their input ends the broker and the registry
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
started() {  # waits for a service's ready line; fails if it exits first
  until grep -q "^$2=" "$work/$1.out" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { echo "$1 failed to start:" >&2; cat "$work/$1.out" >&2; exit 1; }
    sleep 0.2
  done
  sed -n "s/^$2=//p" "$work/$1.out"
}
mkfifo "$work/broker.in" "$work/registry.in"
java -Xmx1g -cp "$jar" org.openedx.events.kafka.testing.KafkaBroker < "$work/broker.in" > "$work/broker.out" 2>&1 &
pids+=($!)
exec 3> "$work/broker.in"
java -Dapicurio.home=kafka/target/apicurio -cp "$jar" org.openedx.events.kafka.testing.ApicurioRegistry "$work" \
    < "$work/registry.in" > "$work/registry.out" 2>&1 &
pids+=($!)
exec 4> "$work/registry.in"
bootstrap="$(started broker bootstrap "${pids[0]}")"
registry="$(started registry url "${pids[1]}")"
java -Xmx2g ${LOAD_JAVA_OPTS:-} -Dbroker.pid="${pids[0]}" -cp "$jar" org.openedx.events.benchmarks.KafkaLoad "$bootstrap" "$registry" "${1:-1000000}" "${2:-4}"
