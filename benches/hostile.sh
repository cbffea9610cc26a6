#!/usr/bin/env bash
# Hostile inputs at 1x, 2x and 4x their size: each must take time growing in proportion (or be
# refused at once), and the inflating PDF must stay within its memory.
#
# For each input, a copy of the `small` fixture gets the input (a page's body, a measure's
# figures, an attached PDF); `sendsite build` runs RUNS times and the median wall time and the
# median peak memory (max RSS, the PDF reader's process included) are printed, with the ratio of
# each size's time to the 1x time.
#
#   bash benches/hostile.sh
#   RUNS=5 bash benches/hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
WORK=${WORK:-/dev/shm/sendsite-hostile}
[ -d /dev/shm ] || WORK=${TMPDIR:-/tmp}/sendsite-hostile
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 1; }
cargo build --release --quiet
SENDSITE=$PWD/target/release/sendsite
rm -rf "$WORK"; mkdir -p "$WORK"

# Makes the site for one input: make <kind> <size> <dir>.
make() {
  python3 - "$@" <<'EOF'
import os, shutil, sys, zlib
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
shutil.copytree('tests/fixtures/small', out)
c = os.path.join(out, 'content')
def page(body):
    with open(os.path.join(c, 'pages/about.md'), 'a') as f:
        f.write('\n' + body)
def pdf(extra, more=0):
    objs = [b'<< /Type /Catalog /Pages 2 0 R /X 4 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>', extra]
    objs += [b'<< /N %d >>' % i for i in range(more)]
    out_, offs = bytearray(b'%PDF-1.7\n'), []
    for i, o in enumerate(objs, 1):
        offs.append(len(out_)); out_ += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    x = len(out_)
    out_ += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offs: out_ += b'%010d 00000 n \n' % o
    out_ += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, x)
    open(os.path.join(c, 'documents/hostile.pdf'), 'wb').write(out_)
    u = os.path.join(c, 'updates/2022/2022-12-05-news.md')
    t = open(u).read()
    close = t.index('\n+++', 3) + 1
    open(u, 'w').write(t[:close] + '[[documents]]\ntitle = "Report"\nfile = "documents/hostile.pdf"\n' + t[close:])
if kind == 'list': page('- ' * n + 'x\n')
elif kind == 'quote': page('>' * n + ' x\n')
elif kind == 'div': page('<div>' * n + 'x\n')
elif kind == 'csv':
    os.makedirs(os.path.join(c, 'measures'), exist_ok=True)
    open(os.path.join(c, 'measures/m.md'), 'w').write('+++\ntitle = "M"\nunit = "%"\ndata = "m.csv"\n+++\n')
    open(os.path.join(c, 'measures/m.csv'), 'w').write('date,value\n' + ''.join('2025-13,%d\n' % i for i in range(n)))
elif kind == 'pdf-objects': pdf(b'<< >>', n)
elif kind == 'pdf-nested': pdf(b'[' * n + b']' * n)
elif kind == 'pdf-inflate':
    z = zlib.compressobj(9); s = z.compress(b'5 0 ')
    block = b' ' * (1 << 20)
    for _ in range(n): s += z.compress(block)
    s += z.flush()
    pdf(b'<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n' % len(s) + s + b'\nendstream')
EOF
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-12s %10s %10s %10s %8s\n' input size seconds max_MiB ratio
for spec in "list 10000" "quote 25000" "div 25000" "csv 25000" "pdf-objects 100000" "pdf-nested 50000" "pdf-inflate 128"; do
  set -- $spec
  kind=$1 base=$2 first=""
  for scale in 1 2 4; do
    n=$((base * scale)) dir="$WORK/$kind-$n"
    make "$kind" "$n" "$dir"
    : >"$WORK/runs.txt"
    for _ in $(seq "$RUNS"); do
      rm -rf "$dir/public"
      /usr/bin/time -f "%e %M" -o "$WORK/t.txt" "$SENDSITE" build --root "$dir" >/dev/null 2>&1 || true
      # The last line: GNU time writes "Command exited with non-zero status 1" first when refused.
      tail -n 1 "$WORK/t.txt" >>"$WORK/runs.txt"
    done
    secs=$(cut -d' ' -f1 "$WORK/runs.txt" | median)
    mib=$(( $(cut -d' ' -f2 "$WORK/runs.txt" | median) / 1024 ))
    first=${first:-$secs}
    ratio=$(awk -v a="$secs" -v b="$first" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
    printf '%-12s %10s %10s %10s %8s\n' "$kind" "$n" "$secs" "$mib" "$ratio"
    rm -rf "$dir"
  done
done
