#!/usr/bin/env bash
# Writes screenshots of the example site's main pages at 1280px and 320px into screenshots/
# (not committed), for a person to review. Needs what tests/a11y/run.sh needs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
cargo build --locked --quiet
target="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
node "$here/screenshots.mjs" --binary "$target/debug/sendsite" --site "$repo" --out "$repo/screenshots" "$@"
