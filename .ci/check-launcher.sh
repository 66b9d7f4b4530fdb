#!/usr/bin/env bash
# Checks ./openedx-events as a person on a fresh clone meets it: the first run says what the
# build does on stderr and prints only the command's output on stdout; the next run builds
# nothing; another Java (Temurin 25, when installed) runs it without noise; a failed build
# ends with status 1 and the end of its log. Works on a copy of HEAD in a temporary folder
# (about a minute: one build of the command line). Not part of .ci/run; run it by hand.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

check() {  # check NAME CONDITION...
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $name"; else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}
one_line() { [[ "$(wc -l <"$1")" -eq 1 ]] && grep -q '^openedx-events [0-9]' "$1"; }
has() { grep -q -- "$2" "$1"; }
empty() { [[ ! -s "$1" ]]; }

git -C "$repo" archive HEAD | tar -x -C "$work"
cd "$work"

status=0; ./openedx-events --version >out 2>err || status=$?
check "the first run ends well" test "$status" -eq 0
check "stdout holds the version alone" one_line out
check "stderr says it builds and where the log is" has err "building the command line.*log: $work/target/openedx-events-build.log"
check "stderr follows the modules" has err '\[[0-9]*/[0-9]*\] Open edX Events'
check "stderr says when it is built" has err "built in [0-9]*s"
check "the archive is made" test -f cli/target/openedx-events.jsa

status=0; ./openedx-events --version >out 2>err || status=$?
check "the second run builds nothing and prints nothing else" bash -c "[[ $status -eq 0 ]] && [[ ! -s err ]]"
check "the second run prints the version" one_line out

other=/usr/lib/jvm/temurin-25-jdk-amd64
if [[ -x "$other/bin/java" ]]; then
  status=0; JAVA_HOME="$other" ./openedx-events --version >out 2>err || status=$?
  check "another Java runs it without the archive, silently" bash -c "[[ $status -eq 0 ]] && [[ ! -s err ]]"
  check "another Java's version is printed alone" bash -c "grep -q 'Java 25' out && [[ \$(wc -l <out) -eq 1 ]]"
fi

echo 'class Broken { int x = ; }' >core/src/main/java/Broken.java
status=0; ./openedx-events --version >out 2>err || status=$?
check "a failed build ends with status 1" test "$status" -eq 1
check "a failed build prints nothing on stdout" empty out
check "a failed build shows the end of its log" has err "the build failed.*the end of"
check "the end of the log names the error" has err "Broken.java"

echo "$passed passed, $failed failed"
(( failed == 0 ))
