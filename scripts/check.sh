#!/usr/bin/env bash
# npm run check: the type checker, the linter and the formatter's check over the whole tree, side by side
# (they read the same files and do not depend on each other); fails if any of them fails.
set -u
cd "$(dirname "$0")/.."
npx tsc --noEmit &
tsc=$!
npx eslint . &
eslint=$!
npx prettier --check --log-level warn . &
prettier=$!
failed=()
wait "$tsc" || failed+=(tsc)
wait "$eslint" || failed+=(eslint)
wait "$prettier" || failed+=("prettier (npm run format rewrites what it flags)")
if [ ${#failed[@]} -gt 0 ]; then
  echo "check failed: ${failed[*]}" >&2
  exit 1
fi
echo "check: tsc, eslint and prettier pass"
