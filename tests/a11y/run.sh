#!/usr/bin/env bash
# The browser accessibility checks: builds the example site, every fixture site that builds and the
# `sendsite init` starter site, checks every page in headless Chromium (axe-core, reflow, text
# zoom, keyboard, no JavaScript, an area's summary on a phone's first screen) and with the Nu Html
# Checker, and exits non-zero on any problem. It first proves that the checks can fail: pages with
# known violations (fixtures/broken/) must be caught. Then it drives the editor of `sendsite
# serve` (editor.mjs) and checks each of its pages the same way.
# Needs: node, java, Debian's chromium, and `npm ci` in this folder (.ci/run does all of that).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

if [ ! -d "$here/node_modules" ]; then
  echo "tests/a11y: run 'npm ci' in tests/a11y first" >&2
  exit 2
fi

cargo build --locked --quiet
binary="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')/debug/sendsite"

echo "== a11y: a page with known violations must fail the checks"
known="$(mktemp)"
trap 'rm -f "$known"' EXIT
if node "$here/check.mjs" --built "$here/fixtures/broken" >"$known" 2>&1; then
  cat "$known"
  echo "tests/a11y: the checks passed a page with known violations" >&2
  exit 1
fi
for expected in "axe image-alt" "axe label" "axe color-contrast" "scrolls sideways at 320px" \
  "keyboard: the first Tab" "shows no visible focus indicator" "without JavaScript: no visible h1" \
  "must have an “alt” attribute" "line length" "at 200% text" 'link text: the link "Read more"' \
  'at 390px: "Neurodevelopmental" is broken across lines' 'its meaning is 9' \
  'its meaning does not link to the glossary' 'at 200% zoom the page scrolls sideways' \
  "chart 1 (screen): no accessible name" "chart 1 (screen): no description in words" \
  "chart 1 (screen): .line has contrast" "chart 1 (forced colours): .line has contrast" \
  "first screen at 390x844: the area's type" "first screen at 390x844: the inspectors' latest" \
  "first screen at 390x844: the council's latest" "first screen at 390x844: the plan's numbers"; do
  if ! grep -q "$expected" "$known"; then
    cat "$known"
    echo "tests/a11y: the checks missed a known violation: $expected" >&2
    exit 1
  fi
done
echo "caught every known violation"
if node -e "import('$here/lib/data.mjs').then((m) => process.exit(m.validateData('$here/fixtures/bad-data').length ? 0 : 1))"; then
  echo "the data check catches a data.json that does not match its schema"
else
  echo "tests/a11y: the data check passed a data.json that does not match its schema" >&2
  exit 1
fi

echo "== a11y: the example site, the fixture sites and the starter site"
args=(--binary "$binary" --site "$repo" --init)
# tests/fixtures/invalid-*/ hold authors' mistakes on purpose (some of which still build, such as
# an image without alt text, which `sendsite check` reports): they are not pages to publish.
for fixture in "$repo"/tests/fixtures/*/; do
  case "$(basename "$fixture")" in invalid-*) continue ;; esac
  [ -f "$fixture/content/site.toml" ] && args+=(--site "${fixture%/}")
done
# Pages as they read on days when something is coming up: a survey open and a meeting to come
# (feeds, April 2021), actions falling due (framework-2023, April 2025).
args+=(--site "$repo/tests/fixtures/feeds@2021-04-01" --site "$repo/tests/fixtures/framework-2023@2025-04-01")
node "$here/check.mjs" "${args[@]}" "$@"

echo "== a11y: the editor of sendsite serve, driven in the browser"
node "$here/editor.mjs" --binary "$binary" --fixture "$repo/tests/fixtures/framework-2023"
