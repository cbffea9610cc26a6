#!/usr/bin/env bash
# Benchmark (not a test): how long after saving one entry does `sendsite serve` tell the open
# tabs to reload? Generates an N-entry site with the shared benchmark generator, starts serve on
# it, then saves one entry RUNS times and measures, for each save, the time from the write to
# the reload event on the event stream. Prints every run and the median.
#
#   benches/serve_latency.sh [N=1000] [RUNS=15] [EDIT=text]
#
# EDIT=text adds a sentence to the entry's text (only its own page changes); EDIT=title changes
# its title, which every list that shows the entry repeats (the timeline, its kind's and areas'
# pages, the home page).
#
# Needs python3 and ../shared/bench/gen_site.py beside the repository (as in CI); set GEN_SITE
# to use the generator from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
RUNS="${2:-15}"
EDIT="${3:-text}"
GEN="${GEN_SITE:-../shared/bench/gen_site.py}"
[ -f "$GEN" ] || { echo "cannot find $GEN (the shared folder must sit beside the repository)" >&2; exit 2; }

cargo build --release --quiet
WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 "$GEN" "$N" "$WORK/site" sendsite >/dev/null
target/release/sendsite serve --root "$WORK/site" --port 0 --today 2026-01-01 >"$WORK/serve.log" 2>&1 &
SERVER=$!
URL=""
for _ in $(seq 1 600); do
  URL="$(grep -o 'http://[^ ]*' "$WORK/serve.log" | head -1 || true)"
  [ -n "$URL" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$URL" ] || { echo "serve did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
head -1 "$WORK/serve.log"

python3 - "$URL" "$WORK/site" "$RUNS" "$EDIT" <<'PY'
import os, re, socket, statistics, sys, time, urllib.parse

url, site, runs, edit = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
parts = urllib.parse.urlsplit(url)
updates = os.path.join(site, "content", "updates")
entries = sorted(os.path.join(d, f) for d, _, fs in os.walk(updates) for f in fs if f.endswith(".md"))
entry = entries[len(entries) // 2]  # a published entry from the middle of the timeline
original = open(entry, encoding="utf-8").read()

sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
sock.sendall(("GET %s__sendsite/events HTTP/1.1\r\nHost: %s\r\n\r\n" % (parts.path, parts.netloc)).encode())
buffer = b""
while b"retry:" not in buffer:
    buffer += sock.recv(4096)
buffer = b""

def next_event():
    # The stream is sent in chunks (HTTP/1.1): each event is one chunk, "<size>\r\n<event>\r\n".
    global buffer
    while b"\n\n" not in buffer:
        buffer += sock.recv(4096)
    block, buffer = buffer.split(b"\n\n", 1)
    return re.sub(r"^(\r\n)?[0-9a-fA-F]+\r\n", "", block.decode())

times = []
try:
    for run in range(runs):
        if edit == "title":
            text = re.sub(r'^title = "', 'title = "Run %d: ' % run, original, count=1, flags=re.M)
        else:
            text = original.rstrip("\n") + "\n\nEdited for run %d of the benchmark.\n" % run
        started = time.perf_counter()
        with open(entry, "w", encoding="utf-8") as f:
            f.write(text)
        while True:
            event = next_event()
            if event.startswith("event: reload"):
                break
            if event.startswith("event: failed"):
                sys.exit("the rebuild failed: " + event)
        times.append((time.perf_counter() - started) * 1000)
        print("run %2d: %6.1f ms" % (run + 1, times[-1]))
        time.sleep(0.3)  # let the burst settle, as between two real saves
finally:
    with open(entry, "w", encoding="utf-8") as f:
        f.write(original)
print("median from save to reload event over %d saves (%s edit): %.1f ms (min %.1f, max %.1f)"
      % (len(times), edit, statistics.median(times), min(times), max(times)))
PY
grep "^Rebuilt" "$WORK/serve.log" | tail -3
