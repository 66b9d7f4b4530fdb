#!/usr/bin/env bash
# Builds the benchmarks jar and runs the tracing benchmarks (no backend): nanoseconds per event
# that the tracing module spends on a send and on a handled event, beside the OpenTelemetry SDK's
# own span with the same attributes (the floor of any instrumentation following the messaging
# conventions). Extra arguments go to JMH, e.g. benchmarks/run-tracing.sh -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am package -DskipTests -Dcds.skip=true -Dmaven.javadoc.skip=true
exec java -jar benchmarks/target/benchmarks.jar 'org.openedx.events.benchmarks.TracingBenchmarks' \
    -wi 3 -i 5 -f 1 -w 2s -r 2s -t 1 "$@"
