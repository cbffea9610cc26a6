#!/usr/bin/env bash
# Full-build benchmark: sendsite against Hugo (when installed) on the same generated site.
#
# Generates sites of 1,000 and 10,000 entries with ../shared/bench/gen_site.py (the same content for
# both generators), builds them alternately RUNS times each with the output on tmpfs, and prints the
# median wall time, the median peak memory (max RSS) and the ratio to Hugo.
#
#   bash benches/build.sh            # sizes 1000 10000, 5 runs
#   RUNS=9 SIZES="1000" bash benches/build.sh
#   HUGO=/path/to/hugo bash benches/build.sh   # a Hugo that is not on the PATH
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000"}
GEN=${GEN:-../shared/bench/gen_site.py}
WORK=${WORK:-/dev/shm/sendsite-bench}
[ -d /dev/shm ] || WORK=${TMPDIR:-/tmp}/sendsite-bench
[ -f "$GEN" ] || { echo "cannot find $GEN (set GEN=path/to/gen_site.py)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 1; }

cargo build --release --quiet
SENDSITE=$PWD/target/release/sendsite
HUGO=${HUGO:-$(command -v hugo || true)}
mkdir -p "$WORK"

# One timed run: prints "seconds max_rss_kib".
measure() {
  local out=$1; shift
  rm -rf "$out"
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/err.txt" || {
    cat "$WORK/err.txt" >&2; exit 1; }
  cat "$WORK/time.txt"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-8s %-10s %10s %12s\n' entries generator "median s" "median MiB"
for n in $SIZES; do
  python3 "$GEN" "$n" "$WORK/sendsite-$n" sendsite >/dev/null
  # The generator's text links to Hugo's `/timeline/`; sendsite's timeline is `/updates/`, and a
  # link to nowhere stops a sendsite build (as `check` would), so the link is pointed there.
  grep -rlZ '](/timeline/)' "$WORK/sendsite-$n/content" | xargs -0 -r sed -i 's|](/timeline/)|](/updates/)|g'
  # Its addresses are at example.gov.uk and example.org.uk, which sendsite warns of (a council's
  # site has none): a made-up domain instead keeps the build to what a council's does.
  grep -rlZ 'example\.' "$WORK/sendsite-$n/content" | xargs -0 -r sed -i 's/example\.gov\.uk/council.example/g; s/example\.org\.uk/forum.example/g'
  if [ -n "$HUGO" ]; then
    python3 "$GEN" "$n" "$WORK/hugo-$n" hugo >/dev/null
    # Hugo 0.1xx stops on `len` of a taxonomy term no page uses (nil): count it only when it is there.
    sed -i 's/{{ len (index $.Data.Terms $slug) }}/{{ with index $.Data.Terms $slug }}{{ len . }}{{ end }}/' \
      "$WORK/hugo-$n/layouts/_default/taxonomy.html"
  fi
  : >"$WORK/s.txt"; : >"$WORK/h.txt"
  for _ in $(seq "$RUNS"); do
    measure "$WORK/out-s" "$SENDSITE" build --root "$WORK/sendsite-$n" --output "$WORK/out-s" --today 2026-11-01 >>"$WORK/s.txt"
    if [ -n "$HUGO" ]; then
      measure "$WORK/out-h" "$HUGO" --quiet -s "$WORK/hugo-$n" -d "$WORK/out-h" >>"$WORK/h.txt"
    fi
  done
  st=$(cut -d' ' -f1 "$WORK/s.txt" | median); sm=$(cut -d' ' -f2 "$WORK/s.txt" | median)
  printf '%-8s %-10s %10.3f %12.0f\n' "$n" sendsite "$st" "$(echo "$sm/1024" | bc -l)"
  if [ -n "$HUGO" ]; then
    ht=$(cut -d' ' -f1 "$WORK/h.txt" | median); hm=$(cut -d' ' -f2 "$WORK/h.txt" | median)
    printf '%-8s %-10s %10.3f %12.0f\n' "$n" hugo "$ht" "$(echo "$hm/1024" | bc -l)"
    printf '%-8s %-10s %10.2fx time %8.2fx memory\n' "$n" ratio "$(echo "$st/$ht" | bc -l)" "$(echo "$sm/$hm" | bc -l)"
  fi
done
files=$(find "$WORK/out-s" -type f | wc -l)
echo "(last sendsite output: $files files; runs per figure: $RUNS)"
