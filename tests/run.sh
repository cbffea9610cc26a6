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
cargo clippy --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --locked
echo "== browser accessibility checks"
bash tests/a11y/run.sh
