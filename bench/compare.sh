#!/usr/bin/env bash
# Whole-process comparisons for BENCHMARKS.md: fieldkit beside Taskwarrior
# on the same number of tasks, and fieldkit's resident memory.
#
#   bash bench/compare.sh [N]        (N defaults to 100000)
#
# Installs Taskwarrior, hyperfine and GNU time from the system's packages
# when they are missing. Builds fieldkit in release mode. Everything it
# writes goes to a temporary directory, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"

need=()
command -v task >/dev/null || need+=(taskwarrior)
command -v hyperfine >/dev/null || need+=(hyperfine)
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

echo "== import (one run each: both write $N records)"
/usr/bin/time -f "fieldkit backlog import: %e s, %M KiB max resident" "$FK" --db "$DB" backlog import "$WORK/items.csv"
/usr/bin/time -f "task import: %e s, %M KiB max resident" task import "$WORK/tasks.json" >/dev/null

echo "== list all by rank / urgency (hyperfine, same run)"
hyperfine --warmup 1 --runs 5 --export-markdown "$WORK/list.md" \
  -n "fieldkit backlog list --all --format csv" "$FK --db $DB backlog list --all --format csv > /dev/null" \
  -n "task next limit:none (by urgency)" "task rc.report.next.filter=status:pending next limit:none > /dev/null"
cat "$WORK/list.md"

echo "== resident memory of the list commands"
/usr/bin/time -f "fieldkit list: %M KiB max resident" "$FK" --db "$DB" backlog list --all --format csv > /dev/null
/usr/bin/time -f "task next: %M KiB max resident" task next limit:none > /dev/null

echo "== resident memory of the TUI with $N items (after the first frame)"
tmux -L fk-bench new-session -d -x 100 -y 30 "echo \$\$ > $WORK/pid; exec $FK --db $DB"
for _ in $(seq 1 100); do
  tmux -L fk-bench capture-pane -p | grep -q 'Initiative' && break
  sleep 0.1
done
grep -E 'VmHWM|VmRSS' "/proc/$(cat "$WORK/pid")/status"
tmux -L fk-bench send-keys q
