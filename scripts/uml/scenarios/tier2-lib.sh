# shellcheck shell=bash
# Helpers for the tier-2 scenarios (lpm.sh, offline.sh) that drive the REAL product (daemon + the
# DynamicRM commands) inside a UML guest. Sourced after scripts/uml/lib.sh.
#
# How the product is run (hnv CMD ARGS...):
#   - HNVD_CP set (the JUnit wrapper: target/classes + the test classpath's jars copied under the
#     results dir, because /root and so ~/.m2 is a tmpfs in the guest):
#       java -cp "$HNVD_CP" dev.hnvd.cli.Main CMD ARGS...
#   - otherwise the runnable jar: java -jar "${HNVD_JAR:-$REPO/target/hnvd.jar}" CMD ARGS...
# Main takes the command name from the first argument when HNVD_ARGV0 is unset.
#
# Results: every check appends one line to $RESULTS_DIR/results.txt:
#   PASS <name> <detail>   |   FAIL <name> <detail>   |   NOTE <name> <value>   (numbers, timings)
# The scenario's exit code is the number of FAILs (capped at 100), so any FAIL exits non-zero.

LPAR=${LPAR:-/run/lpar}
# T2_BACKEND=wicked (set before sourcing) drives the wicked backend: scenarios/wicked-lib.sh.
export HNVD_ROOT=$LPAR HNVD_SYSFS=/sys HNVD_BACKEND=${T2_BACKEND:-nm}
# Short-lived JVMs in UML: C1 only and serial GC start 2-3x faster (docs/test-rig-uml.md, fact 9).
HNVD_JAVA_OPTS=${HNVD_JAVA_OPTS:--Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k}
RESULTS=$RESULTS_DIR/results.txt
T2_FAILS=0
T2_DAEMON_PID=
T2_DAEMON_N=0

# hnv CMD ARGS...: run one product command (bounded: 300 s).
hnv() {
  # shellcheck disable=SC2086 # JVM flags by convention
  if [ -n "${HNVD_CP:-}" ]; then
    timeout -k 5 300 java $HNVD_JAVA_OPTS -cp "$HNVD_CP" dev.hnvd.cli.Main "$@"
  else
    timeout -k 5 300 java $HNVD_JAVA_OPTS -jar "${HNVD_JAR:-$REPO/target/hnvd.jar}" "$@"
  fi
}

# step TITLE: a heading in scenario.log (the demo streams this file).
step() { printf '\n===== %s  [t=%ss]\n' "$*" "$(cut -d' ' -f1 /proc/uptime)"; }

# show CMD...: run a command with its output indented (for the reader of scenario.log).
# (The product's commands are shown by their own names, without the "hnv" runner.)
show() {
  if [ "$1" = hnv ]; then echo "\$ ${*:2}"; else echo "\$ $*"; fi
  "$@" 2>&1 | sed 's/^/    /'
  return "${PIPESTATUS[0]}"
}

_result() {
  local verdict=$1 name=$2
  shift 2
  echo "$verdict $name $*" >>"$RESULTS"
  echo ">>> $verdict $name $*"
}
pass() { _result PASS "$@"; }
fail() { _result FAIL "$@"; T2_FAILS=$((T2_FAILS + 1)); }
note() { _result NOTE "$@"; }

# check NAME DETAIL CMD...: PASS when CMD succeeds, else FAIL.
check() {
  local name=$1 detail=$2
  shift 2
  if "$@"; then pass "$name" "$detail"; else fail "$name" "$detail"; fi
}

# expect_eq NAME EXPECTED ACTUAL [DETAIL]
expect_eq() {
  if [ "$2" = "$3" ]; then pass "$1" "${4:-} ($3)"; else fail "$1" "${4:-} expected '$2' got '$3'"; fi
}

# t2_exit: summary and exit code (number of FAILs).
t2_exit() {
  local p f
  p=$(grep -c '^PASS' "$RESULTS" 2>/dev/null)
  f=$(grep -c '^FAIL' "$RESULTS" 2>/dev/null)
  step "SUMMARY: ${p:-0} passed, ${f:-0} failed"
  grep '^FAIL' "$RESULTS" || true
  [ "$T2_FAILS" -gt 100 ] && T2_FAILS=100
  exit "$T2_FAILS"
}

# --- the daemon -----------------------------------------------------------------------------------

# daemon_start: start hnvd in the background (log: $RESULTS_DIR/hnvd-N.log); wait (bounded) until
# it logged "hnvd ready" (boot reconcile done). Sets T2_DAEMON_PID; DAEMON_READY_MS = time to ready.
daemon_start() {
  T2_DAEMON_N=$((T2_DAEMON_N + 1))
  T2_DAEMON_LOG=$RESULTS_DIR/hnvd-$T2_DAEMON_N.log
  local s=${EPOCHREALTIME}
  # shellcheck disable=SC2086
  if [ -n "${HNVD_CP:-}" ]; then
    HNVD_LOG_LEVEL=${HNVD_DAEMON_LOG_LEVEL:-INFO} java $HNVD_JAVA_OPTS -cp "$HNVD_CP" dev.hnvd.cli.Main \
      hnvd --root "$LPAR" --sysfs /sys --backend "$HNVD_BACKEND" >"$T2_DAEMON_LOG" 2>&1 </dev/null &
  else
    HNVD_LOG_LEVEL=${HNVD_DAEMON_LOG_LEVEL:-INFO} java $HNVD_JAVA_OPTS -jar "${HNVD_JAR:-$REPO/target/hnvd.jar}" \
      hnvd --root "$LPAR" --sysfs /sys --backend "$HNVD_BACKEND" >"$T2_DAEMON_LOG" 2>&1 </dev/null &
  fi
  T2_DAEMON_PID=$!
  wait_for "${1:-240}" "hnvd ready" daemon_is_ready
  local rc=$?
  DAEMON_READY_MS=$(ms_since "$s")
  return $rc
}

daemon_is_ready() {
  grep -q 'hnvd ready' "$T2_DAEMON_LOG" 2>/dev/null && return 0
  # died? stop waiting at once
  _alive "$T2_DAEMON_PID" || { log "hnvd exited early: $(tail -n 5 "$T2_DAEMON_LOG")"; return 2; }
  return 1
}

# _alive PID: running and not a zombie.
_alive() {
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
  case "$st" in ''|Z) return 1 ;; esac
  return 0
}

# daemon_stop [SIGNAL]: SIGTERM (default) or SIGKILL the daemon and reap it (bounded 30 s).
# DAEMON_EXIT = its exit status.
daemon_stop() {
  local sig=${1:-TERM} i=0
  [ -n "$T2_DAEMON_PID" ] || return 0
  kill -"$sig" "$T2_DAEMON_PID" 2>/dev/null
  while _alive "$T2_DAEMON_PID" && [ $i -lt 300 ]; do nap 0.1; i=$((i + 1)); done
  kill -KILL "$T2_DAEMON_PID" 2>/dev/null
  wait "$T2_DAEMON_PID" 2>/dev/null
  DAEMON_EXIT=$?
  T2_DAEMON_PID=
}

# --- NetworkManager inspection (read-only) ------------------------------------------------------

# prof_names: every profile name, sorted.
prof_names() { nmc -g NAME con show | sort; }

# prof_field PROFILE FIELD: one field of a profile (e.g. bond.options).
prof_field() { nmc -g "$2" con show "$1" 2>/dev/null; }

# ac_path DEVICE: the device's active connection D-Bus path ('' when none).
ac_path() { nmc -g GENERAL.CON-PATH dev show "$1" 2>/dev/null; }

# keyfile_sum UUID: sha256 of the profile's keyfile on disk (what "untouched" means).
keyfile_sum() {
  local f
  f=$(grep -l "^uuid=$1\$" /etc/NetworkManager/system-connections/* /run/NetworkManager/system-connections/* 2>/dev/null | head -n1)
  [ -n "$f" ] && sha256sum "$f" | cut -d' ' -f1
}

# duplicates: profile names, or (controller, interface) port pairs, that occur twice on disk
# (should print nothing). Reads the keyfiles with one awk: nmcli per profile costs seconds in UML.
duplicates() {
  awk -F= '
    FNR == 1 && NR > 1 { emit() }
    /^id=/ { id = substr($0, 4) }
    /^(master|controller)=/ { m = $2 }
    /^interface-name=/ { i = $2 }
    function emit() { ids[id]++; if (m != "") ports[m " " i]++; id = ""; m = ""; i = "" }
    END { if (NR > 0) emit(); for (k in ids) if (ids[k] > 1) print "name:" k;
          for (k in ports) if (ports[k] > 1) print "port:" k }
  ' /etc/NetworkManager/system-connections/* /run/NetworkManager/system-connections/* 2>/dev/null
}

# carrier_is IF 0|1
carrier_is() { _rd "/sys/class/net/$1/carrier"; [ "$REPLY" = "$2" ]; }

# not_slave BOND IF
not_slave() { ! bond_has_slave "$1" "$2"; }

# stays_out BOND IF NAME SECS: after hcnrmdev, IF must stay out of BOND for SECS (the device tree
# still lists it until the HMC's DLPAR remove; putting it back would undo the command).
stays_out() {
  if wait_for "$4" "$2 re-enslaved" bond_has_slave "$1" "$2" 2>/dev/null; then
    fail "$3" "$2 re-enslaved into $1 ${WAIT_MS} ms after hcnrmdev returned (the DT still lists it)"
  else
    pass "$3" "$2 stayed out of $1 for $4 s after hcnrmdev"
  fi
}

# run_cmd NAME CMD ARGS...: run a product command, show its output, leave OUT (stdout+stderr),
# RC and CMD_MS.
run_cmd() {
  local s=${EPOCHREALTIME}
  echo "\$ $*"
  OUT=$(hnv "$@" 2>&1)
  RC=$?
  CMD_MS=$(ms_since "$s")
  printf '%s\n' "$OUT" | sed 's/^/    /'
  echo "    (exit $RC, ${CMD_MS} ms)"
}

# meter_field NAME KEY: a value from meter-NAME.txt
meter_field() { sed -n "s/^$2=//p" "$RESULTS_DIR/meter-$1.txt"; }
