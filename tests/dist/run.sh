#!/usr/bin/env bash
# The release artefacts, made by `cargo xtask dist` and used as a web team would:
# - each binary is static (ldd says so) and builds the example site byte for byte as the normal
#   build does: the x86_64 one natively, the aarch64 one under qemu-user-static;
# - the archives hold the binary, README, licences and changelog, and SHA256SUMS checks;
# - the Debian package installs with dpkg -i: sendsite --version works from /usr/bin, its unit
#   passes systemd-analyze verify and scores at most 2.0 in systemd-analyze security, its
#   ExecStart run as the sendsite user answers through its socket, and removing the package
#   leaves no binary behind.
# Needs root (dpkg, the sendsite user), cargo-zigbuild and ziglang (PyPI), the musl targets
# (rustup), qemu-user-static and systemd (Debian): .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "run as root: the Debian package is installed with dpkg -i (CI runs as root)"
for tool in cargo-zigbuild qemu-aarch64-static systemd-analyze dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is missing: .ci/run installs it"
done

# The tests build the release targets quicker than a release does (not optimised, no LTO): the
# same code, static linking and packaging, in a third of the time on two cores (a release's own
# `cargo xtask dist` takes about 13 minutes there). SENDSITE_DIST_FULL=1 tests the release profile.
if [ "${SENDSITE_DIST_FULL:-}" != 1 ]; then
  export CARGO_PROFILE_DIST_LTO=off CARGO_PROFILE_DIST_CODEGEN_UNITS=256 CARGO_PROFILE_DIST_OPT_LEVEL=0
fi
cargo xtask dist
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
cd dist
sha256sum --check --quiet SHA256SUMS || fail "SHA256SUMS does not check"
for target in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  archive="sendsite-$VERSION-$target.tar.gz"
  listed=$(tar -tzf "$archive" | sort | tr '\n' ' ')
  expected="sendsite-$VERSION-$target/ sendsite-$VERSION-$target/CHANGELOG.md sendsite-$VERSION-$target/LICENSE-APACHE sendsite-$VERSION-$target/LICENSE-MIT sendsite-$VERSION-$target/README.md sendsite-$VERSION-$target/sendsite "
  [ "$listed" = "$expected" ] || fail "$archive holds: $listed"
done
cd "$ROOT"

scratch=$(mktemp -d)
site=ci-check
serving=""
# Whatever happens, nothing is left behind: the server, the package, the site's folders.
clean_up() {
  if [ -n "$serving" ]; then kill "$serving" 2>/dev/null || true; fi
  if dpkg -s sendsite >/dev/null 2>&1; then dpkg --purge sendsite >/dev/null 2>&1 || true; fi
  rm -rf "$scratch" "/srv/sendsite/$site" "/srv/www/$site" "/run/sendsite/$site.sock"
}
trap clean_up EXIT
tar -xzf "dist/sendsite-$VERSION-x86_64-unknown-linux-musl.tar.gz" -C "$scratch"
tar -xzf "dist/sendsite-$VERSION-aarch64-unknown-linux-musl.tar.gz" -C "$scratch"
x86="$scratch/sendsite-$VERSION-x86_64-unknown-linux-musl/sendsite"
arm="$scratch/sendsite-$VERSION-aarch64-unknown-linux-musl/sendsite"

# ldd reads only this machine's kind of binary; `cargo xtask dist` has already refused either
# binary if its ELF headers ask for an interpreter or name a shared library.
said=$(ldd "$x86" 2>&1 || true)
grep -Eq "not a dynamic executable|statically linked" <<<"$said" || fail "ldd $x86: $said"
"$x86" --version | grep -Eq "^sendsite $VERSION \(commit [0-9a-f]{12}\)$" || fail "--version: $("$x86" --version)"

# The example site, built by the normal build (the tests' own binary: the same code for any
# target and profile makes the same bytes) and by each release binary, on the same day.
cargo build --locked --quiet
build() { "$1" build --root "$ROOT" --output "$2" --today 2026-11-01 >/dev/null; }
build target/debug/sendsite "$scratch/normal"
build "$x86" "$scratch/x86_64"
diff -r "$scratch/normal" "$scratch/x86_64" >/dev/null || fail "the x86_64 release binary builds another site"
qemu-aarch64-static "$arm" build --root "$ROOT" --output "$scratch/aarch64" --today 2026-11-01 >/dev/null
diff -r "$scratch/normal" "$scratch/aarch64" >/dev/null || fail "the aarch64 release binary, under qemu, builds another site"
echo "the static binaries build the example site as the normal build does ($(find "$scratch/normal" -type f | wc -l) files)"

# The Debian package, installed as a web team would.
deb="dist/sendsite_${VERSION}_amd64.deb"
dpkg -i "$deb" >/dev/null
/usr/bin/sendsite --version | grep -q "^sendsite $VERSION " || fail "/usr/bin/sendsite --version"
getent passwd sendsite >/dev/null || fail "the sendsite user was not made"
unit=/lib/systemd/system/sendsite-team@.service
[ -f "$unit" ] || fail "the unit is not installed"
mkdir -p "/srv/sendsite/$site" "/srv/www/$site"
cp -r content "/srv/sendsite/$site/"
cat > "/srv/sendsite/$site/team.toml" <<TOML
identity_header = "X-Forwarded-Email"
trusted_proxies = ["127.0.0.1"]
publish_to = "/srv/www/$site/site"
editors = ["sam@council.example"]
approvers = ["alex@council.example"]
TOML
chown -R sendsite:sendsite "/srv/sendsite/$site" "/srv/www/$site"
# verify exits 0 on an unknown key but names the unit's file and line: any word of it about the
# unit is a failure.
verified=$(systemd-analyze verify "sendsite-team@$site.service" 2>&1) || fail "systemd-analyze verify: $verified"
if grep -q "sendsite" <<<"$verified"; then fail "systemd-analyze verify: $verified"; fi
cp "$unit" "$scratch/sendsite-team@$site.service"
score=$(systemd-analyze security --offline=true "$scratch/sendsite-team@$site.service" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
[ -n "$score" ] || fail "no security score"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "the unit's exposure is $score, above 2.0"
echo "the unit's exposure level: $score"

# Its ExecStart, with the instance named, run as the sendsite user, answers on its socket.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit" | sed "s/%i/$site/g")
mkdir -p /run/sendsite && chown sendsite:sendsite /run/sendsite && chmod 0750 /run/sendsite
socket="/run/sendsite/$site.sock"
rm -f "$socket"   # one left by an earlier run answers nothing
runuser -u sendsite -- env HOME=/tmp XDG_CONFIG_HOME="$scratch/config" $exec_start >"$scratch/serve.log" 2>&1 &
serving=$!
page=""
for _ in $(seq 1 600); do
  if [ -S "$socket" ]; then
    page=$(curl --silent --unix-socket "$socket" -H 'X-Forwarded-Email: sam@council.example' "http://localhost/send-progress/__sendsite/edit/" || true)
    [ -n "$page" ] && break
  fi
  sleep 0.1
done
kill "$serving" 2>/dev/null; wait "$serving" 2>/dev/null || true
serving=""
grep -q "Updates and pages" <<<"$page" || fail "team mode did not answer through its socket: $page $(cat "$scratch/serve.log")"
echo "team mode, started as its unit starts it, answered through $socket"

dpkg -r sendsite >/dev/null
[ ! -e /usr/bin/sendsite ] || fail "removing the package left /usr/bin/sendsite"
[ ! -e "$unit" ] || fail "removing the package left the unit"
ls -l dist | awk 'NR > 1 { printf "%s %.1f MB\n", $9, $5 / 1000000 }'
echo "the release artefacts work"
