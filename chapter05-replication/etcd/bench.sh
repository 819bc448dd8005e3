#!/bin/sh
# Chapter 5: one of our replicated shards against a three-member etcd cluster and chapter 2's single
# process, in one run. Installs Debian's etcd-server if it is missing, builds chapter 2 (whose process
# is the baseline) and chapter 5, then runs bench.Replicated. Run from anywhere; flags go to the
# benchmark: --seconds N (per row, default 10), --kills N (failovers per row, default 5), --warm-up N
# (seconds of load on each path before its rows, default 60), --election-ms N (ours, and etcd's second
# failover row; default 150). It prints the measured line (date, commit, JDK, cores) above its tables,
# as every benchmark does, and the chapter's goals as ratios with pass or MISS at the end.
# The election-timeout table is another benchmark: exec:java@timeouts (see bench.Timeouts).
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
