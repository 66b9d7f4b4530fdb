#!/usr/bin/env bash
# The outbox production mode beside immediate mode, same run: the login event on the Redis bus at
# EVENT_BUS_REDIS_CONNECTION_URL (default redis://127.0.0.1:6379/0), an application on PostgreSQL
# (OUTBOX_BENCH_POSTGRES_URL, default jdbc:postgresql://127.0.0.1:5432/postgres, user postgres; a
# database of its own, dropped at the end) that writes one row and sends 1 or 100 events per transaction:
#   immediate      events/s until the producer confirmed the last one;
#   outbox commit  events/s written to the outbox with their transactions (no relay running);
#   outbox relay   events/s one relay publishes and deletes of that backlog;
#   outbox both    events/s from the first transaction until the relay published the last.
# Each figure follows a warm-up of a tenth of the events.
# Usage: benchmarks/run-outbox.sh [events N]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am package -DskipTests -Dcds.skip=true
url="${EVENT_BUS_REDIS_CONNECTION_URL:-redis://127.0.0.1:6379/0}"
exec java -Xms512m -Xmx1g -DEVENT_BUS_REDIS_CONNECTION_URL="$url" \
    -cp benchmarks/target/benchmarks.jar org.openedx.events.benchmarks.OutboxBenchmark "$@"
