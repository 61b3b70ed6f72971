#!/usr/bin/env bash
# npm run setup: install dependencies (only when node_modules is missing or not
# what package-lock.json says), then scripts/setup.ts: provision the Temporal
# CLI (cached outside the repo) and migrate the database when one is reachable.
# Idempotent; one summary line when everything is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[setup] $*"; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "Node.js 20+ and npm are required (Debian: apt-get install nodejs npm, or https://nodejs.org/en/download)"
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  say "Node.js 20+ is required, found $(node --version)"
  exit 1
fi

stamp=node_modules/.setup-lock-hash

lock_hash() { cat package.json package-lock.json | sha256sum | cut -c1-64; }

# node_modules matches package-lock.json when npm's own record of what it
# installed (node_modules/.package-lock.json) has every locked package at the
# locked version (optional ones may be absent: other platforms).
installed_matches_lock() {
  [ -f node_modules/.package-lock.json ] || return 1
  node -e '
    const lock = require("./package-lock.json").packages || {};
    const have = require("./node_modules/.package-lock.json").packages || {};
    for (const [k, v] of Object.entries(lock)) {
      if (!k) continue;
      const h = have[k];
      if (!h) { if (v.optional || v.devOptional && v.os) continue; process.exit(1); }
      if (v.version && h.version !== v.version) process.exit(1);
    }
  '
}

if [ -f package-lock.json ]; then
  want=$(lock_hash)
  if [ -d node_modules ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    :
  elif [ -d node_modules ] && installed_matches_lock; then
    echo "$want" > "$stamp"
  else
    say "installing dependencies (npm ci)"
    # npm 11 can write a lockfile that its own `npm ci` then calls out of sync
    # (optional platform packages); `npm install` honours the same lock.
    npm ci --no-audit --no-fund --loglevel=error 2>/dev/null \
      || { say "npm ci refused the lockfile; npm install"; npm install --no-audit --no-fund --loglevel=error; }
    want=$(lock_hash)
    echo "$want" > "$stamp"
  fi
elif [ ! -d node_modules ]; then
  say "installing dependencies (npm install; no package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
fi

exec node_modules/.bin/tsx scripts/setup.ts
