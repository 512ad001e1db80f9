#!/usr/bin/env bash
# Whole-process comparisons for BENCHMARKS.md: fieldkit beside Taskwarrior
# on the same number of tasks, and fieldkit's resident memory.
#
#   bash bench/compare.sh [N]        (N defaults to 100000; 1000000 works)
#   RUNS=5 bash bench/compare.sh N   (runs per tool and pair, default 3)
#   ONLY=import bash bench/compare.sh N   (the import pair alone)
#   ONLY=fieldkit bash bench/compare.sh N (fieldkit alone: peak memory of
#                                          every list format, export, the TUI)
#
# Installs Taskwarrior and GNU time from the system's packages
# when they are missing. Builds fieldkit in release mode. Everything it
# writes goes to a temporary directory, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"

need=()
command -v task >/dev/null || need+=(taskwarrior)
[ -x /usr/bin/time ] || need+=(time)
command -v tmux >/dev/null || need+=(tmux)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

cargo build --release --quiet
FK="$PWD/target/release/fieldkit"
WORK="$(mktemp -d)"
trap 'tmux -L fk-bench kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; free -h | head -2
task --version | head -1
"$FK" --version

echo "== data: $N items / tasks"
python3 - "$N" "$WORK" <<'PY'
import json, sys
n, work = int(sys.argv[1]), sys.argv[2]
lanes = ["inbox", "now", "next", "later", "exploring", "done"]
with open(f"{work}/items.csv", "w") as csv, open(f"{work}/tasks.json", "w") as tasks:
    csv.write("title,reach,impact,confidence,effort,lane,tags\n")
    for i in range(n):
        title = f"Initiative {i}: make the platform {i % 97} faster"
        csv.write(f"{title},{i * 7919 % 500},{[0.25, 0.5, 1, 2, 3][i % 5]},{[50, 80, 100][i % 3]},"
                  f"{0.5 + i % 12},{lanes[i % 6]},{['ci', 'db', 'dx', 'k8s'][i % 4]}\n")
        tasks.write(json.dumps({"description": title, "status": "pending",
                                "project": ["ci", "db", "dx", "k8s"][i % 4],
                                "priority": ["H", "M", "L"][i % 3],
                                "entry": "20261125T120000Z",
                                "uuid": f"00000000-0000-4000-8000-{i:012d}"}) + "\n")
PY

export TASKDATA="$WORK/task" TASKRC="$WORK/taskrc"
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\ngc=off\n' "$TASKDATA" > "$TASKRC"
DB="$WORK/fieldkit.db"

# Every pair runs alternately (fieldkit, Taskwarrior, fieldkit, …) so that
# drift on a shared machine falls on both; each run is timed by GNU time
# (wall seconds and peak resident memory). RUNS (default 3) runs per tool.
RUNS="${RUNS:-3}"
pair() { # name, fieldkit command, Taskwarrior command, [setup before each run]
  local name="$1" a="$2" b="$3" setup="${4:-true}"
  echo "== $name   (uptime: $(uptime | sed 's/.*load/load/'))"
  for r in $(seq 1 "$RUNS"); do
    eval "$setup"
    /usr/bin/time -f "fieldkit %e %M" -o "$WORK/t" bash -c "$a" > /dev/null; cat "$WORK/t" >> "$WORK/$name.times"
    eval "$setup"
    /usr/bin/time -f "task %e %M" -o "$WORK/t" bash -c "$b" > /dev/null; cat "$WORK/t" >> "$WORK/$name.times"
  done
  python3 - "$WORK/$name.times" <<'PY2'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    tool, secs, kib = line.split()
    runs.setdefault(tool, []).append((float(secs), int(kib)))
med = {t: statistics.median(s for s, _ in v) for t, v in runs.items()}
peak = {t: max(k for _, k in v) / 1024 for t, v in runs.items()}
print(f"   fieldkit median {med['fieldkit']:.3f} s, peak {peak['fieldkit']:.0f} MiB"
      f" | Taskwarrior median {med['task']:.3f} s, peak {peak['task']:.0f} MiB"
      f" | ratio {med['task'] / med['fieldkit']:.2f}x ({len(runs['fieldkit'])} runs each)")
PY2
}

fresh() { rm -rf "$DB" "$DB-wal" "$DB-shm" "$TASKDATA"; mkdir -p "$TASKDATA"; }
# The TUI's resident memory after its first frame, on the file in $DB.
tui_memory() {
  echo "== resident memory of the TUI with $N items (after the first frame)"
  tmux -L fk-bench new-session -d -x 100 -y 30 "echo \$\$ > $WORK/pid; exec $FK --db $DB"
  for _ in $(seq 1 100); do
    tmux -L fk-bench capture-pane -p | grep -q 'Initiative' && break
    sleep 0.1
  done
  grep -E 'VmHWM|VmRSS' "/proc/$(cat "$WORK/pid")/status"
  # A filter walks the ranking and its count runs on a thread: the peak.
  tmux -L fk-bench send-keys -l '/faster 42'
  sleep 5
  echo "after typing the filter '/faster 42':"
  grep -E 'VmHWM|VmRSS' "/proc/$(cat "$WORK/pid")/status"
  tmux -L fk-bench send-keys Escape
  tmux -L fk-bench send-keys q
}

if [ "${ONLY:-}" = fieldkit ]; then
  echo "== fieldkit alone, $N items   (uptime: $(uptime | sed 's/.*load/load/'))"
  /usr/bin/time -f "fieldkit backlog import: %e s, %M KiB max resident" "$FK" --db "$DB" backlog import "$WORK/items.csv" > /dev/null
  for f in csv table json md jira; do
    /usr/bin/time -f "fieldkit backlog list --all --format $f: %e s, %M KiB max resident" "$FK" --db "$DB" backlog list --all --format "$f" > /dev/null
  done
  /usr/bin/time -f "fieldkit export: %e s, %M KiB max resident" "$FK" --db "$DB" export > /dev/null
  tui_memory
  exit 0
fi
pair "import $N" "$FK --db $DB backlog import $WORK/items.csv" "task import $WORK/tasks.json" fresh
[ "${ONLY:-}" != import ] || exit 0
# Leave both holding the data for the lists.
fresh; "$FK" --db "$DB" backlog import "$WORK/items.csv" > /dev/null; task import "$WORK/tasks.json" > /dev/null
NEXT="task rc.report.next.filter=status:pending next limit:none"
pair "list csv vs task next $N" "$FK --db $DB backlog list --all --format csv" "$NEXT"
pair "list table vs task next $N" "$FK --db $DB backlog list --all --format table" "$NEXT"
pair "list json vs task export $N" "$FK --db $DB backlog list --all --format json" "task export"
pair "export vs task export $N" "$FK --db $DB export" "task export"
echo "== peak memory of the other list formats"
for f in md jira; do
  /usr/bin/time -f "fieldkit backlog list --all --format $f: %e s, %M KiB max resident" "$FK" --db "$DB" backlog list --all --format "$f" > /dev/null
done

tui_memory
