#!/bin/bash
# Tier-2 scenario "path" (issue 18), in ONE boot on real kernel bonds, with the real daemon:
#   scripts/uml/run-guest --timeout 900 target/uml/path scripts/uml/scenarios/path.sh
#  p1 boot: a VF + vNIC pair, the bond up with the LPAR's IP, VF active.
#  p2 quiet network (only the probes, the remote host's answers and a 1 ms pinger's stream that
#     ends at the bond): the daemon's hcnqrydev answer, asked every 250 ms over its socket for
#     HNVD_PATH_IDLE_SECS (default 75; 600 by hand for the 10-minute run), is never busy; the
#     pinger loses nothing.
#  p3 the backup's path is cut while its carrier stays up (its peer leaves the switch: the veth
#     pair keeps carrier): hcnqrydev's answer (asked every 100 ms over the socket) is busy within
#     5 s, the command itself exits 1 with error code 16, the daemon's journal
#     warns, hnvctl migration-check (in-process, one-shot look) exits 1 and shows the evidence,
#     under HNVD_MIGRATION_GATE=carrier it exits 0 (hcnmgr's rule).
#  p4 the path comes back: hcnqrydev answers safe again.
# Results: $RESULTS_DIR/results.txt (PASS/FAIL/NOTE lines), meter-*.txt, hnvd-*.log, scenario.log.
set -u
. "$REPO/scripts/uml/lib.sh"
. "$REPO/scripts/uml/scenarios/tier2-lib.sh"
: >"$RESULTS"

ID=2c3d
B=bond0000$ID
VF=enP3p0s0 VF_MAC=02:00:00:00:03:01 VF_PHB=800000020000031 VF_DRC=20000031
BK=env5 BK_MAC=02:00:00:00:00:05 BK_DRC=30000005
IP=169.254.10.1
IDLE=${HNVD_PATH_IDLE_SECS:-75}
# The remote host stands in for the gateway the probes ask for (link-local: no default route).
export HNVD_PATH_TARGET=169.254.10.2

# The daemon's answer to hcnqrydev without a JVM start per question (the bytes the command
# prints): bench/hnvd_bench.py speaks the socket protocol. /usr/bin/python3: /root is a tmpfs here.
SOCK=$LPAR/run/hnvd/hnvd.sock
# poll EVERY_MS SECONDS SINCE busy|never: sets POLL (the JSON line).
poll() {
  POLL=$(/usr/bin/python3 "$REPO/bench/hnvd_bench.py" poll "$SOCK" "$1" "$2" "$3" "$4" \
    hcnqrydev DRC_INDEX=$VF_DRC HCN_ID=$ID 2>&1)
  echo "    poll: $POLL"
}
# jfield KEY: a number (or null) from POLL.
jfield() { sed -n "s/.*\"$1\": \([0-9.]*\|null\).*/\1/p" <<<"$POLL"; }

# qry: one hcnqrydev of the VF; QRC its exit code, QOUT its output.
qry() {
  QOUT=$(hnv hcnqrydev DRC_INDEX=$VF_DRC HCN_ID=$ID 2>&1)
  QRC=$?
}
qry_safe() { qry; [ "$QRC" = 0 ]; }
# cmd_busy: the last run_cmd answered busy as the contract says (exit 1, error code 16).
cmd_busy() { [ "$RC" = 1 ] && grep -q 'error code 16' <<<"$OUT"; }

# ================================================================================================
step "p1: boot with a VF + vNIC pair (HCN $ID), start hnvd"
sw_create
dt_init "$LPAR"
dt_vf "$LPAR" "$VF_PHB" "$VF_DRC" "$ID" primary "$VF_MAC"
dt_vnic "$LPAR" "$BK_DRC" "$BK_DRC" "$ID" backup "$BK_MAC"
nic_add "$VF" "$VF_MAC"
nic_add "$BK" "$BK_MAC"
wait_for 30 "NM manages $VF" sh -c "nmcli -g GENERAL.STATE dev show $VF | grep -qv unmanaged"
nmc con add type ethernet con-name lan-vf ifname "$VF" connection.autoconnect no \
  ipv4.method manual ipv4.addresses "$IP/16" ipv6.method disabled >/dev/null
nmc con up lan-vf >/dev/null
if daemon_start; then pass p1.daemon-ready "hnvd ready after ${DAEMON_READY_MS} ms"; else fail p1.daemon-ready "no 'hnvd ready'"; fi
check p1.vf-active "active_slave=$VF" wait_for 60 "VF active" bond_is_active "$B" "$VF"
check p1.backup-enslaved "$BK in $B" wait_for 60 "backup enslaved" bond_has_slave "$B" "$BK"
check p1.bond-ip "$IP on $B" wait_for 30 "bond IP" sh -c "ip -4 -br addr show dev $B | grep -q '$IP/16'"
check p1.reachable "remote host pings $IP" wait_for 30 "ping" remote ping -c1 -W1 "$IP"
check p1.keeper "hnvd watches the paths" grep -q 'watching the paths' "$T2_DAEMON_LOG"
bond_dump "$B" p1

# ================================================================================================
step "p2: quiet network for ${IDLE} s: hcnqrydev polled, never busy; 1 ms pinger"
check p2.safe-first "hcnqrydev safe with the path healthy" wait_for 30 "qrydev safe" qry_safe
printf '%s\n' "$QOUT" | sed 's/^/    /'
check p2.reason-path "the answer names the path evidence" grep -q 'path answered' <<<"$QOUT"
meter_start idle "$IP" 0.001
wait_for 10 "meter running" sh -c "grep -q 'bytes from' '$RESULTS_DIR/meter-idle.ping'"
# Every 250 ms over the socket (the daemon's answer), for the whole quiet period.
poll 250 "$IDLE" "${EPOCHREALTIME}" never
meter_stop idle
note p2.queries "$(jfield queries)"
note p2.answer-max-ms "$(jfield max_ms)"
expect_eq p2.no-false-busy 0 "$(jfield busy)" "hcnqrydev busy answers in $(jfield queries) questions over ${IDLE} s of a quiet, healthy network"
run_cmd hcnqrydev DRC_INDEX=$VF_DRC HCN_ID=$ID
expect_eq p2.command-safe 0 "$RC" "the command itself (launcher path) after the quiet period: exit"
LOST=$(meter_field idle lost)
note p2.ping-sent "$(meter_field idle sent)"
note p2.ping-lost "$LOST"
# The reply in flight when the meter stops may count as lost: allow 1.
if [ "${LOST:-99}" -le 1 ]; then pass p2.pinger-no-loss "lost=$LOST with probes on"; else fail p2.pinger-no-loss "lost=$LOST"; fi

# ================================================================================================
step "p3: the backup's path dies, its carrier stays up"
ip link set "$BK-p" nomaster
check p3.carrier-kept "$BK keeps carrier" carrier_is "$BK" 1
t0=${EPOCHREALTIME}
# The daemon's answer every 100 ms from the cut: when does the gate say busy?
poll 100 20 "$t0" busy
CUT_MS=$(jfield first_busy_ms)
note p3.busy-after-ms "$CUT_MS"
if [ -n "$CUT_MS" ] && [ "$CUT_MS" != null ] && [ "$CUT_MS" -le 5000 ]; then
  pass p3.busy-within-5s "hcnqrydev's answer busy ${CUT_MS} ms after the cut"
else
  fail p3.busy-within-5s "hcnqrydev's answer not busy within 5 s of the cut: $POLL"
fi
# The command itself, as the HMC runs it (JVM start included), says the same.
run_cmd hcnqrydev DRC_INDEX=$VF_DRC HCN_ID=$ID
QOUT=$OUT
note p3.command-ms "$CMD_MS"
check p3.command-busy "hcnqrydev exits 1 with error code 16" cmd_busy
note p3.busy-with-command-ms "$(ms_since "$t0")"
check p3.reason "the answer says the path is dead" grep -q 'live path' <<<"$QOUT"
check p3.carrier-still "$BK still has carrier" carrier_is "$BK" 1
check p3.journal "hnvd warned in the journal" wait_for 10 "warning" grep -q "backup $BK has carrier but its path" "$T2_DAEMON_LOG"
grep "backup $BK" "$T2_DAEMON_LOG" | sed 's/^/    /'
# The gate's flip is news for the monitor too (D-Bus MigrationSafetyChanged, hnv_migration_safe):
# the path watcher wakes it, so it comes within seconds, not at the monitor's minute.
check p3.monitor "the monitor saw migration NOT safe (signal, metric) within 10 s of the warning" \
  wait_for 10 "monitor line" grep -q "$B: migration NOT safe" "$T2_DAEMON_LOG"
# Without the daemon (HNVD_NO_DAEMON: the command runs in-process): no history, a one-shot look
# of at most 1.2 s, the same answer.
OUT=$(HNVD_NO_DAEMON=1 hnv hcnqrydev DRC_INDEX=$VF_DRC HCN_ID=$ID 2>&1); RC=$?
printf '%s\n' "$OUT" | sed 's/^/    /'
check p3.inprocess-busy "hcnqrydev without the daemon: exit 1, error code 16" cmd_busy
run_cmd hnvctl migration-check
expect_eq p3.migration-check-exit 1 "$RC" "hnvctl migration-check with the backup's path dead: exit"
note p3.migration-check-ms "$CMD_MS"
run_cmd hnvctl status
check p3.status-path "hnvctl status shows the path evidence" grep -q 'path never answered\|path answered' <<<"$OUT"
OUT=$(HNVD_MIGRATION_GATE=carrier hnv hnvctl migration-check 2>&1); RC=$?
printf '%s\n' "$OUT" | sed 's/^/    /'
expect_eq p3.carrier-policy-exit 0 "$RC" "HNVD_MIGRATION_GATE=carrier (hcnmgr's rule): exit"

# ================================================================================================
step "p4: the path comes back"
ip link set "$BK-p" master "$RIG_SWITCH"
t0=${EPOCHREALTIME}
check p4.safe-again "hcnqrydev safe again" wait_for 30 "qrydev safe" qry_safe
note p4.safe-after-ms "$(ms_since "$t0") (the command's own time included)"
check p4.journal "hnvd said the path answers again" wait_for 10 "info" grep -q "backup $BK's path answers again" "$T2_DAEMON_LOG"
check p4.monitor "the monitor saw migration safe again within 10 s" \
  wait_for 10 "monitor line" grep -q "$B: migration safe" "$T2_DAEMON_LOG"
OUT=$(HNVD_NO_DAEMON=1 hnv hcnqrydev DRC_INDEX=$VF_DRC HCN_ID=$ID 2>&1); RC=$?
printf '%s\n' "$OUT" | sed 's/^/    /'
expect_eq p4.inprocess-safe 0 "$RC" "hcnqrydev without the daemon, path back: exit"
run_cmd hnvctl migration-check
expect_eq p4.migration-check-exit 0 "$RC" "hnvctl migration-check with the path back: exit"
check p4.vf-active "active_slave=$VF" bond_is_active "$B" "$VF"

step "stopping hnvd"
daemon_stop TERM
expect_eq p4.daemon-clean-exit 0 "$DAEMON_EXIT" "hnvd exit status after SIGTERM"
note hnvd.warnings "$(grep -c 'WARN' "$RESULTS_DIR/hnvd-1.log")"
note p2.probes "$(grep -o "path watcher stopped.*" "$RESULTS_DIR/hnvd-1.log")"
t2_exit
