#!/usr/bin/env bash
# Durable sends of the embedded bus from several threads of one process (group commit): each
# thread sends its next event when the producer returned from the last one, so every event
# counted is durable in the store; a fresh store per run, no consumer. Prints events/s for each
# thread count, ROUNDS times in turn (the first run of each count includes the JIT's warm-up,
# so N should be large enough for it not to matter: 200,000 is about 3 seconds at 8 threads).
# Usage: benchmarks/run-embedded-senders.sh [N] [ROUNDS] [THREADS...]   (default: 200000 2 1 8)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200000}"
rounds="${2:-2}"
shift $(($# > 2 ? 2 : $#))
threads=(1 8)
[ $# -gt 0 ] && threads=("$@")
./mvnw -q -B -pl benchmarks -am package -DskipTests -Dcds.skip=true -Dmaven.javadoc.skip=true
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
for round in $(seq "$rounds"); do
  for t in "${threads[@]}"; do
    rm -f "$store"/bus.db*
    java -DEVENT_BUS_PRODUCER=embedded -DEVENT_BUS_EMBEDDED_PATH="$store/bus.db" \
        -cp benchmarks/target/benchmarks.jar org.openedx.events.benchmarks.BusLoad produce load "$n" 0 "$t"
  done
done
