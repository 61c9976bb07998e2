#!/usr/bin/env bash
# Make sure what the browser and service tests need is on this machine.
# In CI (CI=true) a missing piece is installed or the run fails: nothing may skip.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "${CI:-}" = "true" ] || [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's Chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "Chromium is missing: browser tests will skip (apt-get install chromium)."
  fi
fi

if ! command -v soffice >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "Installing LibreOffice (headless Calc) for the printed-export test…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
  else
    echo "LibreOffice is missing: the printed-export test will skip (apt-get install libreoffice-calc-nogui)."
  fi
fi

# The fault tests (tests/faults) start and stop PostgreSQL and Redis servers of
# their own, back up with pg_dump, fill a small tmpfs and put phones behind a
# slow, lossy wire in a network namespace (TUN devices): as root.
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "Installing ${missing[*]} for the fault tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing for the fault tests (they will skip): ${missing[*]}"
  fi
fi
if [ "$(id -u)" != "0" ]; then
  echo "Not root: the disk-full and lossy-network fault tests will skip (in CI they fail)."
fi
if [ ! -c /dev/net/tun ]; then
  if [ "$(id -u)" = "0" ]; then
    mkdir -p /dev/net && mknod /dev/net/tun c 10 200 && chmod 0666 /dev/net/tun || true
  fi
fi

if [ "${CI:-}" = "true" ]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  fi
  if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
  fi
fi
