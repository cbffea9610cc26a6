#!/usr/bin/env bash
# Benchmark (not a test): how much memory does serve take while people upload documents at
# once? Starts serve --team on the framework-2023 fixture and, in each of RUNS rounds, sends
# CONCURRENT update forms at the same moment, each with a SIZE MB document (as a browser sends
# a form with a file: multipart, with its length), signed in as a sign-in proxy would. It reads
# serve's resident memory (VmRSS in /proc) every 20 ms while they arrive, and again 3 seconds
# after. Prints, per round and as medians: before, peak, after (MB).
#
#   benches/upload_memory.sh [CONCURRENT=8] [SIZE=50] [RUNS=3]
#
# Linux only (reads /proc). Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
CONCURRENT="${1:-8}"
SIZE="${2:-50}"
RUNS="${3:-3}"

cargo build --release --quiet
WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cp -r tests/fixtures/framework-2023 "$WORK/site"
printf 'identity_header = "X-Forwarded-Email"\ntrusted_proxies = ["127.0.0.1"]\npublish_to = "%s"\neditors = ["sam@council.example"]\n' "$WORK/live" >"$WORK/site/team.toml"
# A document of SIZE MB: a PDF's first bytes, then bytes that do not compress.
python3 -c "import os,sys; f=open(sys.argv[1],'wb'); f.write(b'%PDF-1.7\n'); f.write(os.urandom(int(sys.argv[2])*1024*1024-9))" "$WORK/doc.pdf" "$SIZE"

TMPDIR="$WORK" target/release/sendsite serve --team --root "$WORK/site" --port 0 --today 2026-11-01 >"$WORK/serve.log" 2>&1 &
SERVER=$!
URL=""
for _ in $(seq 1 600); do
  URL="$(sed -n 's/^Serving .* at //p' "$WORK/serve.log" | head -1)"
  [ -n "$URL" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$URL" ] || { echo "serve did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
sleep 1

python3 - "$URL" "$SERVER" "$WORK/doc.pdf" "$CONCURRENT" "$RUNS" <<'PY'
import http.client, os, statistics, sys, threading, time, urllib.parse

url, pid, doc, concurrent, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
parts = urllib.parse.urlsplit(url)
target = parts.path + "__sendsite/edit/update"
size = os.path.getsize(doc)

def rss():
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

def upload(statuses):
    boundary = "----sendsite-bench"
    fields = [("title", ""), ("kind", "news"), ("date", "2026-10-30"), ("body", "A report."), ("action", "save")]
    head = b"".join(
        ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, k, v)).encode()
        for k, v in fields
    )
    head += ('--%s\r\nContent-Disposition: form-data; name="new-document-file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n' % boundary).encode()
    tail = ("\r\n--%s--\r\n" % boundary).encode()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    conn.putrequest("POST", target, skip_host=True, skip_accept_encoding=True)
    for k, v in [("Host", parts.netloc), ("Origin", "http://" + parts.netloc), ("X-Forwarded-Email", "sam@council.example"),
                 ("Content-Type", "multipart/form-data; boundary=" + boundary), ("Content-Length", str(len(head) + size + len(tail)))]:
        conn.putheader(k, v)
    conn.endheaders()
    conn.send(head)
    with open(doc, "rb") as f:
        while True:
            piece = f.read(256 * 1024)
            if not piece:
                break
            conn.send(piece)
    conn.send(tail)
    statuses.append(conn.getresponse().status)
    conn.close()

rows = []
for run in range(runs):
    before = rss()
    peak = [before]
    done = threading.Event()
    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], rss())
            time.sleep(0.02)
    watcher = threading.Thread(target=watch)
    watcher.start()
    statuses = []
    started = time.time()
    threads = [threading.Thread(target=upload, args=(statuses,)) for _ in range(concurrent)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.time() - started
    done.set()
    watcher.join()
    time.sleep(3)
    after = rss()
    rows.append((before, peak[0], after))
    print("round %d: %d uploads of %.0f MB (answers %s) in %.1f s: before %.0f MB, peak %.0f MB, after %.0f MB"
          % (run + 1, concurrent, size / 1048576, sorted(set(statuses)), took, before, peak[0], after))
print("median: before %.0f MB, peak %.0f MB, after %.0f MB" % tuple(statistics.median(c) for c in zip(*rows)))
PY
