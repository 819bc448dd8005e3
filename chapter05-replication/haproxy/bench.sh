#!/bin/sh
# Chapter 5: our balancer (health checks and retries now) against HAProxy, in front of the same
# logic nodes, in one run: chapter 4's comparison, carried over.
# Installs Debian's haproxy if it is missing, then runs bench.Balancers. Run from anywhere.
# bench.Balancers prints the measured line (date, commit, JDK, cores) above its table, as every benchmark does.
set -eu
cd "$(dirname "$0")/../.."
if ! command -v haproxy >/dev/null 2>&1; then
    echo "Installing HAProxy (Debian's haproxy package)..."
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q haproxy
fi
./mvnw -q -pl chapter05-replication compile exec:java@balancers -Dexec.args="${*:-}"
