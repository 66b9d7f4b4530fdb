#!/usr/bin/env bash
# Start-up time of short openedx-events commands, before and after issue 16, in one sitting:
#   before: `java -jar cli/target/openedx-events-cli.jar CMD`, as ./openedx-events ran it before
#           (no class-data sharing archive, the full JIT); with BEFORE_REV, the jar is built from
#           that revision (exported with git archive under target/, built offline), so that the
#           code changes count too
#   after:  ./openedx-events CMD (its archive, the quick JIT for short commands, lazy subcommands)
# Uses hyperfine when it is installed (apt-get install hyperfine), else a loop timed with date.
#
# Usage: benchmarks/run-cli-startup.sh [BEFORE_REV]    (e.g. 95a1b62; RUNS=20 by default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${RUNS:-20}"
before_rev="${1:-}"
commands=("--version" "events" "settings")

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then java="$JAVA_HOME/bin/java"; else java="$(command -v java)"; fi

./openedx-events --version >/dev/null   # builds the command line (and its archive) when needed
jar="$root/cli/target/openedx-events-cli.jar"
if [[ -n "$before_rev" ]]; then
  dir="$root/target/startup-before-$before_rev"
  if [[ ! -f "$dir/cli/target/openedx-events-cli.jar" ]]; then
    echo "building the command line of $before_rev in $dir ..." >&2
    rm -rf "$dir" && mkdir -p "$dir"
    git archive "$before_rev" | tar -x -C "$dir"
    (cd "$dir" && ./mvnw -q -B -o -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dcds.skip=true \
        -pl cli -am package) >&2
  fi
  jar="$dir/cli/target/openedx-events-cli.jar"
fi

# Mean and median wall time in ms of running "$@" $runs times (after 3 warm-ups), output discarded.
measure() {
  local tmp
  if command -v hyperfine >/dev/null; then
    tmp="$(mktemp)"
    hyperfine -N -w 3 -r "$runs" --export-json "$tmp" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 - "$tmp" <<'EOF' 2>/dev/null || sed -n 's/.*"mean": *\([0-9.]*\).*/\1/p' "$tmp" | head -1 | awk '{printf "%.0f -", $1*1000}'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.0f %.0f" % (r["mean"] * 1000, r["median"] * 1000))
EOF
    rm -f "$tmp"
  else
    local i start end times=()
    for i in 1 2 3; do "$@" >/dev/null 2>&1; done
    for ((i = 0; i < runs; i++)); do
      start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
      times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1; s+=$1} END {printf "%.0f %.0f\n", s/NR, a[int((NR+1)/2)]}'
  fi
}

echo "openedx-events start-up, ms (mean / median of $runs runs; $(command -v hyperfine >/dev/null && echo hyperfine || echo 'date loop'))"
echo "java: $("$java" -version 2>&1 | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "before: java -jar $( [[ -n "$before_rev" ]] && echo "(built from $before_rev)" || echo "(this build)")"
printf '%-12s %18s %18s\n' "command" "before" "after"
for command in "${commands[@]}"; do
  read -r before_mean before_median < <(measure "$java" -jar "$jar" "$command")
  read -r after_mean after_median < <(measure ./openedx-events "$command")
  printf '%-12s %10s / %5s %10s / %5s\n' "$command" "$before_mean" "$before_median" "$after_mean" "$after_median"
done
