#!/usr/bin/env bash
# Builds the benchmarks jar and runs the Kafka record benchmarks (no broker): nanoseconds per
# operation that the Kafka backend spends building a login event's record and reading one back.
# Extra arguments go to JMH, e.g. benchmarks/run-kafka-records.sh -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am package -DskipTests
exec java -jar benchmarks/target/benchmarks.jar 'org.openedx.events.benchmarks.KafkaRecordBenchmarks' \
    -wi 2 -i 3 -f 1 -w 2s -r 2s -t 1 "$@"
