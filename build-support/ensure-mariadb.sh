#!/usr/bin/env bash
# Makes sure a MariaDB answers on 127.0.0.1:3306 for the tests that use it (user root, no
# password, as on the development and CI machines): starts the installed server when it is down,
# installs MariaDB with apt-get when it is missing. It never fails the build: when it cannot, it
# says what to do, and the tests that need MariaDB then fail with one line saying the same.
set -uo pipefail
source "$(dirname "$0")/as-root.sh"
ready() { (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; }
ready && exit 0

if ! as_root; then
  say "MariaDB does not answer on 127.0.0.1:3306 and starting or installing it needs root"
  exit 0
fi

installed_now=""
if ! command -v mariadbd >/dev/null 2>&1 && ! command -v mysqld >/dev/null 2>&1 \
    && [[ ! -x /usr/sbin/mariadbd && ! -x /usr/sbin/mysqld ]]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "MariaDB is not installed and there is no apt-get here: install it for the tests that need it"
    exit 0
  fi
  say "installing mariadb-server for the tests (apt-get)"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mariadb-server >/dev/null; }; then
    say "apt-get could not install mariadb-server: install it for the tests that need it"
    exit 0
  fi
  installed_now=1
fi

say "starting MariaDB for the tests"
$sudo service mariadb start >/dev/null 2>&1 || $sudo service mysql start >/dev/null 2>&1 \
  || { $sudo mkdir -p /run/mysqld && $sudo chown mysql:mysql /run/mysqld 2>/dev/null; \
       $sudo sh -c 'nohup mysqld_safe --user=mysql >/dev/null 2>&1 &'; }
for _ in $(seq 1 100); do ready && break; sleep 0.2; done
if ! ready; then
  say "MariaDB did not come up on 127.0.0.1:3306: start it for the tests that need it"
  exit 0
fi
if [[ -n "$installed_now" ]]; then
  # A new server lets root in only through its socket; the tests connect over TCP without a password.
  $sudo mariadb -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('')" \
    || say "could not let root connect without a password: the MariaDB tests will say so"
fi
exit 0
