#!/usr/bin/env bash
# npm run setup: install dependencies (only when package-lock.json changed),
# provision the Temporal CLI, prepare the database. Idempotent; quiet when done.
set -euo pipefail
cd "$(dirname "$0")/.."

lock_hash() { sha256sum package-lock.json package.json | sha256sum | cut -c1-64; }
stamp=node_modules/.setup-lock-hash
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(lock_hash)" ]; then
  echo "[setup] installing dependencies"
  npm install --no-audit --no-fund --loglevel=error
  lock_hash > "$stamp"
fi

exec node_modules/.bin/tsx scripts/setup.ts
