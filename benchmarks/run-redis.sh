#!/usr/bin/env bash
# Benchmarks the Redis bus with the login event against the Redis at EVENT_BUS_REDIS_CONNECTION_URL
# (default redis://127.0.0.1:6379/0; redis-benchmark must be on the PATH and reach the same server):
#   1. produce: one thread sends N events (XADD MAXLEN ~ 10000), events/s until all are confirmed;
#   2. consume: a new group reads an N-event backlog, decodes, emits to one receiver, acknowledges;
#   3. latency: 5,000 events/s for 10 s while a consumer follows, send to receipt p50/p99;
#   4. redis-benchmark -P 64 of XADDs of the same entry shape, and the ratios.
# Usage: benchmarks/run-redis.sh [produce N] [consume N] [rate R] [seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am package -DskipTests
url="${EVENT_BUS_REDIS_CONNECTION_URL:-redis://127.0.0.1:6379/0}"
exec java -Xms512m -Xmx1g -DEVENT_BUS_REDIS_CONNECTION_URL="$url" \
    -cp benchmarks/target/benchmarks.jar org.openedx.events.benchmarks.RedisBenchmark "$@"
