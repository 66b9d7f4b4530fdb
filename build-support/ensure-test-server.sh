#!/usr/bin/env bash
# Installs a server binary that the integration tests start themselves (e.g. redis-server) when
# it is missing, so that `./mvnw -B verify` passes on a fresh machine as .ci/run does. It never
# fails the build: without apt-get or root it says what to install, and the tests that need the
# binary then fail with one line saying the same.
#   ensure-test-server.sh BINARY PACKAGE
set -euo pipefail
binary="$1"
package="$2"
command -v "$binary" >/dev/null 2>&1 && exit 0
source "$(dirname "$0")/as-root.sh"
if ! command -v apt-get >/dev/null 2>&1; then
  say "$binary is not installed and there is no apt-get here: install $package for the tests that need it"
  exit 0
fi
if ! as_root; then
  say "$binary is not installed and installing it needs root: run 'sudo apt-get install $package'"
  exit 0
fi
say "installing $package for the tests (apt-get)"
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null; }; then
  say "apt-get could not install $package: install it for the tests that need it"
fi
exit 0
