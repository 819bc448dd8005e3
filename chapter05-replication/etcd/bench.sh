#!/bin/sh
# Chapter 5: one of our replicated shards against a three-member etcd cluster and chapter 2's single
# process, in one run. Installs Debian's etcd-server if it is missing, builds chapter 2 (whose process
# is the baseline) and chapter 5, then runs bench.Replicated. Run from anywhere; flags go to the
# benchmark: --seconds N (per run, default 10), --kills N (failovers per engine, default 5).
# bench.Replicated prints the measured line (date, commit, JDK, cores) above its tables, as every benchmark does.
set -eu
cd "$(dirname "$0")/../.."
if ! command -v etcd >/dev/null 2>&1; then
    echo "Installing etcd (Debian's etcd-server package)..."
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q etcd-server
fi
./mvnw -q -pl chapter02-vertical,chapter05-replication compile
./mvnw -q -pl chapter05-replication exec:java@replicated -Dexec.args="${*:-}"
