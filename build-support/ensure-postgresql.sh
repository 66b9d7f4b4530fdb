#!/usr/bin/env bash
# Makes sure a PostgreSQL answers on 127.0.0.1:5432 for the tests that use it (user postgres,
# trust authentication from 127.0.0.1, as on the development and CI machines): starts the
# installed cluster when it is down, installs PostgreSQL with apt-get when it is missing. It
# never fails the build: when it cannot, it says what to do, and the tests that need PostgreSQL
# then fail with one line saying the same.
set -uo pipefail
source "$(dirname "$0")/as-root.sh"
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
ready && exit 0

if ! as_root; then
  say "PostgreSQL does not answer on 127.0.0.1:5432 and starting or installing it needs root"
  exit 0
fi

if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL is not installed and there is no apt-get here: install it for the tests that need it"
    exit 0
  fi
  say "installing postgresql for the tests (apt-get)"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null; }; then
    say "apt-get could not install postgresql: install it for the tests that need it"
    exit 0
  fi
  # A new cluster asks 127.0.0.1 for a password; the tests connect as postgres without one.
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    $sudo sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/' "$hba"
  done
fi

version="$(ls /etc/postgresql | sort -V | tail -1)"
say "starting PostgreSQL $version for the tests"
$sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
  || $sudo pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 50); do ready && exit 0; sleep 0.2; done
say "PostgreSQL did not come up on 127.0.0.1:5432: start it for the tests that need it"
exit 0
