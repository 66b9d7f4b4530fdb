#!/usr/bin/env bash
# Builds the benchmarks jar and runs the Avro benchmarks briefly (one fork, short iterations).
# Scores are operations per second on one thread. Extra arguments go to JMH, e.g.
#   benchmarks/run-avro.sh -wi 5 -i 5 -w 5s -r 5s        # longer run
#   benchmarks/run-avro.sh -prof gc                      # allocation per operation
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am package -DskipTests
exec java -jar benchmarks/target/benchmarks.jar 'org.openedx.events.benchmarks.AvroBenchmarks' \
    -wi 2 -i 3 -f 1 -w 2s -r 2s -t 1 "$@"
