#!/usr/bin/env bash
# Benchmark (not a test): how long after pressing Save in the editor does the preview show the
# change? Generates an N-entry site with the shared benchmark generator, starts serve on it, opens
# a form as a browser would (the fields it sends are read from the form itself), changes a title
# and sends it RUNS times. For each save it measures the time from sending the form to the answer
# (which comes once the preview has rebuilt the change: the check by a trial build, the write,
# the watcher and the rebuild), and to the preview's page with the new title.
#
#   benches/editor_save.sh [N=1000] [RUNS=15] [FORM=update]
#
# FORM: update (an update's title), area (an area's title), measure (a measure made first, then
# its title), settings (the site's title: every page changes).
# With TEAM=1, serve runs in team mode (`--team`, a team.toml trusting this computer, each
# request naming sam@council.example as a sign-in proxy would): every save is also a commit.
#
# Needs python3 and ../shared/bench/gen_site.py beside the repository (as in CI); set GEN_SITE
# to use the generator from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
RUNS="${2:-15}"
FORM="${3:-update}"
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
MODE=()
if [ -n "${TEAM:-}" ]; then
  printf 'identity_header = "X-Forwarded-Email"\ntrusted_proxies = ["127.0.0.1"]\npublish_to = "%s"\neditors = ["sam@council.example"]\n' "$WORK/live" >"$WORK/site/team.toml"
  MODE=(--team)
fi
target/release/sendsite serve --root "$WORK/site" --port 0 --today 2026-01-01 "${MODE[@]}" >"$WORK/serve.log" 2>&1 &
SERVER=$!
EDIT=""
for _ in $(seq 1 600); do
  EDIT="$(sed -n 's/^Edit the site: //p' "$WORK/serve.log" | head -1)"
  # A team's editor is reached through its proxy: here, at the served address itself.
  if [ -n "${TEAM:-}" ]; then
    SERVED="$(sed -n 's/^Serving .* at //p' "$WORK/serve.log" | head -1)"
    EDIT="${SERVED:+${SERVED}__sendsite/edit/}"
  fi
  [ -n "$EDIT" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$EDIT" ] || { echo "serve did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
head -1 "$WORK/serve.log"

python3 - "$EDIT" "$WORK/site" "$RUNS" "$FORM" "${TEAM:-}" <<'PY'
import html.parser, http.client, os, statistics, sys, time, urllib.parse

edit, site, runs, which, team = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
url = urllib.parse.urlsplit(edit)
origin = "%s://%s" % (url.scheme, url.netloc)
base = url.path

def request(method, target, headers=None, body=None):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    headers = dict(headers or {})
    if team:
        headers["X-Forwarded-Email"] = "sam@council.example"
    conn.request(method, target, body=body, headers=headers)
    reply = conn.getresponse()
    data = reply.read()
    conn.close()
    return reply, data

reply, _ = request("GET", "%s?%s" % (url.path, url.query))
cookie = "" if team else reply.getheader("Set-Cookie").split(";")[0]

class Form(html.parser.HTMLParser):
    """The fields a browser sends for the form, as the page has them."""
    def __init__(self):
        super().__init__()
        self.fields, self.textarea, self.select = [], None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") not in ("file", "submit"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append([self.select, a.get("value", "")])
    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.textarea = None
        elif tag == "select":
            self.select = None
    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

def posted(path, body):
    return request("POST", base + path, {"Cookie": cookie, "Origin": origin,
        "Content-Type": "application/x-www-form-urlencoded"}, urllib.parse.urlencode(body))

def first(folder):
    found = sorted(os.path.relpath(os.path.join(d, f), site)
                   for d, _, fs in os.walk(os.path.join(site, "content", folder)) for f in fs if f.endswith(".md"))
    return found[len(found) // 2]  # from the middle: a published entry of the timeline

if which == "measure":
    reply, data = posted("measure", [("file", ""), ("version", ""), ("title", "Families listened to"),
        ("unit", "%"), ("figures", "March 2026\t41.5\nApril 2026\t44\nMay 2026\t47\n"), ("action", "save")])
    if reply.status != 303:
        sys.exit("the measure was not made (%d): %s" % (reply.status, data.decode()[:2000]))
    time.sleep(1)
opened, sent = {
    "update": (lambda: "update?file=%s" % urllib.parse.quote(first("updates"), safe=""), "update"),
    "area": (lambda: "page?file=%s" % urllib.parse.quote(first("areas"), safe=""), "page"),
    "measure": (lambda: "measure?file=%s" % urllib.parse.quote("content/measures/families-listened-to.md", safe=""), "measure"),
    "settings": (lambda: "settings", "settings"),
}[which]
saves, shown = [], []
for run in range(runs):
    _, page = request("GET", base + opened(), {"Cookie": cookie})
    form = Form()
    form.feed(page.decode())
    fields = dict((k, v) for k, v in form.fields if k == "title")
    title = "Run %d: %s" % (run, fields["title"].split(": ", 1)[-1])
    body = [(k, title if k == "title" else v) for k, v in form.fields] + [("action", "save")]
    started = time.perf_counter()
    reply, data = posted(sent, body)
    saves.append((time.perf_counter() - started) * 1000)
    if reply.status != 303:
        sys.exit("the save was refused (%d): %s" % (reply.status, data.decode()[:2000]))
    location = reply.getheader("Location")
    # Settings and measures' saves lead to the editor's list; the site's home page shows the
    # new site title, a measure's page its own.
    if which == "settings":
        location = base.split("__sendsite/")[0]
    elif which == "measure" and "__sendsite/" in location:
        location = base.split("__sendsite/")[0] + "measures/families-listened-to/"
    _, page = request("GET", location)
    shown.append((time.perf_counter() - started) * 1000)
    if title.encode() not in page.replace(b"&#39;", b"'").replace(b"&quot;", b'"'):
        sys.exit("the preview does not show the new title")
    print("run %2d: answer %6.1f ms, page %6.1f ms" % (run + 1, saves[-1], shown[-1]))
    time.sleep(0.3)
print("median over %d saves: %.1f ms to the answer, %.1f ms to the preview's page (min %.1f, max %.1f)"
      % (runs, statistics.median(saves), statistics.median(shown), min(shown), max(shown)))
PY
