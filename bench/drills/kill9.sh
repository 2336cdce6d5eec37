#!/usr/bin/env bash
# The kill -9 drill: the service, in its own JVM on its embedded PostgreSQL, sends a campaign to
# RECIPIENTS families (default 20,000) through a local SMTP server; a third of the way through it is
# killed with SIGKILL and started again on the same data directory. It passes when every recipient got
# the message, only those in flight at the kill got it twice, and every repeat has one Message-ID.
#   bench/drills/kill9.sh [RECIPIENTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
recipients="${1:-20000}"
exec mvn -B -q test -DskipAnyHour=true -Dtest=KillNineDrillTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddrill.recipients="$recipients"
