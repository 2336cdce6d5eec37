#!/bin/sh
# Campaign fan-out benchmark (see bench/CampaignBenchmark.java and README, "Campaign sending").
#   bench/campaign-benchmark.sh [recipients (20000)] [max-seconds of sending (3600)] [no-baseline]
# Installs Postfix's smtp-sink/smtp-source if missing (never leaves the Postfix daemon running),
# builds the jar if missing, and runs the benchmark with a 256 MB heap (NB_BENCH_HEAP to change).
set -eu
cd "$(dirname "$0")/.."

if [ ! -x /usr/sbin/smtp-sink ] || [ ! -x /usr/sbin/smtp-source ]; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -q postfix >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q postfix >/dev/null; }
  # only the tools are wanted: stop and disable the mail daemon if the package started it
  if $SUDO postfix status >/dev/null 2>&1; then $SUDO postfix stop >/dev/null 2>&1 || true; fi
  if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now postfix >/dev/null 2>&1 || true; fi
fi

[ -f target/noticeboard.jar ] || mvn -B -q package -DskipTests

exec java -Xmx"${NB_BENCH_HEAP:-256m}" -cp target/noticeboard.jar bench/CampaignBenchmark.java "$@"
