#!/bin/bash
# Tier-2 scenarios 1-4 in ONE boot, on real kernel bonds, with the real daemon and DynamicRM commands:
#   scripts/uml/run-guest --timeout 900 target/uml/lpm scripts/uml/scenarios/lpm.sh
#  s1 boot: a VF + vNIC pair and a foreign profile holding the VF's IP; hnvd starts -> bond up, VF
#     active and primary, the IP moved to the bond.
#  s2 active LPM under a 2 ms ping stream from the remote host: hcnqrydev, hcnrmdev of the VF, VF
#     hot-removed (veth + device-tree node), a new VF under another name and DRC, hcncfgdrc -> the
#     new VF is primary and active; same bond (ifindex, active connection); loss counted per phase.
#  s3 hcnqrydev answers busy (exit 1, error code 16) with the backup's carrier down, and with the VF
#     as the only port.
#  s4 failover and primary restore with the daemon running and no command; the daemon signals each
#     change of active port on the bus (hnvctl events --json sees both), and hnvctl metrics reads
#     the real bond (hnv_on_backup, hnv_migration_safe).
# Results: $RESULTS_DIR/results.txt (PASS/FAIL/NOTE lines), meter-*.txt, hnvd-*.log, scenario.log.
set -u
. "$REPO/scripts/uml/lib.sh"
. "$REPO/scripts/uml/scenarios/tier2-lib.sh"
: >"$RESULTS"

ID=1a2b
B=bond0000$ID
VF1=enP1p0s0 VF1_MAC=02:00:00:00:01:01 VF1_PHB=800000020000021 VF1_DRC=20000021
VF2=enP2p0s0 VF2_MAC=02:00:00:00:02:01 VF2_PHB=800000020000022 VF2_DRC=20000022
BK=env3 BK_MAC=02:00:00:00:00:03 BK_DRC=30000003
IP=169.254.10.1

# ================================================================================================
step "s1: boot with a VF + vNIC pair (HCN $ID), start hnvd"
sw_create
dt_init "$LPAR"
dt_vf "$LPAR" "$VF1_PHB" "$VF1_DRC" "$ID" primary "$VF1_MAC"
dt_vnic "$LPAR" "$BK_DRC" "$BK_DRC" "$ID" backup "$BK_MAC"
nic_add "$VF1" "$VF1_MAC"
nic_add "$BK" "$BK_MAC"
wait_for 30 "NM manages $VF1" sh -c "nmcli -g GENERAL.STATE dev show $VF1 | grep -qv unmanaged"
# The LPAR's address lives in an admin's (foreign) profile on the VF; hnvd's planner gives the new
# bond these IP settings (ipFrom) and leaves the profile itself alone. autoconnect off: otherwise
# NM would bring it up again on the released VF during the migration (a duplicate address).
nmc con add type ethernet con-name lan-vf ifname "$VF1" connection.autoconnect no \
  ipv4.method manual ipv4.addresses "$IP/16" ipv6.method disabled >/dev/null
nmc con up lan-vf >/dev/null
FOREIGN_UUID=$(prof_field lan-vf connection.uuid)
FOREIGN_SUM=$(keyfile_sum "$FOREIGN_UUID")
show hnv hnvctl discover
t=${EPOCHREALTIME}
if daemon_start; then pass s1.daemon-ready "hnvd ready after ${DAEMON_READY_MS} ms"; else fail s1.daemon-ready "no 'hnvd ready' (see $(basename "$T2_DAEMON_LOG"))"; fi
note s1.daemon-ready-ms "$DAEMON_READY_MS"
check s1.bond-exists "kernel bond $B" wait_for 60 "bond" test -d "/sys/class/net/$B/bonding"
check s1.vf-active "active_slave=$VF1" wait_for 60 "VF active" bond_is_active "$B" "$VF1"
note s1.boot-to-vf-active-ms "$(ms_since "$t")"
check s1.vf-primary "primary=$VF1" wait_for 20 "VF primary" bond_primary_is "$B" "$VF1"
check s1.backup-enslaved "$BK in $B" wait_for 60 "backup enslaved" bond_has_slave "$B" "$BK"
check s1.proc-bonding "/proc/net/bonding/$B: active-backup, primary $VF1" \
  grep -q "Primary Slave: $VF1" "/proc/net/bonding/$B"
check s1.mode "active-backup" grep -q 'fault-tolerance (active-backup)' "/proc/net/bonding/$B"
check s1.bond-ip "$IP on $B (IP settings taken from lan-vf)" \
  wait_for 30 "bond IP" sh -c "ip -4 -br addr show dev $B | grep -q '$IP/16'"
check s1.profile-primary "NM profile $B has primary=$VF1" \
  sh -c "nmcli -c no -g bond.options con show $B | grep -q 'primary=$VF1'"
check s1.reachable "remote host pings $IP" wait_for 30 "ping" remote ping -c1 -W1 "$IP"
bond_dump "$B" s1
show hnv hnvctl status
show nmc -f NAME,TYPE,DEVICE con show

# ================================================================================================
step "s2: active LPM under a 2 ms ping stream (qrydev, rmdev, VF hot-remove, new VF, cfgdrc)"
IFINDEX0=$(bond_ifindex "$B")
AC0=$(ac_path "$B")
echo "bond $B ifindex $IFINDEX0, active connection $AC0"
meter_start lpm "$IP"
wait_for 10 "meter running" sh -c "grep -q 'bytes from' '$RESULTS_DIR/meter-lpm.ping'"
nap 1

meter_mark lpm qrydev
run_cmd hcnqrydev DRC_INDEX=$VF1_DRC HCN_ID=$ID
expect_eq s2.qrydev-safe 0 "$RC" "hcnqrydev of the VF with the backup up: exit"
note s2.qrydev-ms "$CMD_MS"

meter_mark lpm rmdev
run_cmd hcnrmdev DRC_INDEX=$VF1_DRC HCN_ID=$ID
expect_eq s2.rmdev-exit 0 "$RC" "hcnrmdev of the VF: exit"
note s2.rmdev-ms "$CMD_MS"
check s2.rmdev-backup-active "active_slave=$BK" wait_for 20 "backup active" bond_is_active "$B" "$BK"
check s2.rmdev-vf-released "$VF1 not enslaved" wait_for 20 "VF released" not_slave "$B" "$VF1"
# The HMC pulls the device some seconds after hcnrmdev: it must stay out of the bond meanwhile
# (the device tree still lists it; a replan must not put it back and make it active again).
stays_out "$B" "$VF1" s2.rmdev-stays-removed 8

meter_mark lpm hot-remove
echo "--- the HMC hot-removes the VF (DLPAR): interface $VF1 and device-tree node /pci@$VF1_PHB go away"
nic_remove "$VF1"
dt_remove "$LPAR" "/pci@$VF1_PHB"
nap 2
echo "    $VF1 present: $([ -e "/sys/class/net/$VF1" ] && echo yes || echo no); bond $B: active $(bond_active "$B"), ports $(bond_slaves "$B" | tr '\n' ' ')"

meter_mark lpm hot-add
echo "--- on the destination system the HMC adds a NEW VF: $VF2 (DRC $VF2_DRC, node /pci@$VF2_PHB), same HCN id $ID, primary"
dt_vf "$LPAR" "$VF2_PHB" "$VF2_DRC" "$ID" primary "$VF2_MAC"
nic_add "$VF2" "$VF2_MAC"
wait_for 30 "NM manages $VF2" sh -c "nmcli -g GENERAL.STATE dev show $VF2 | grep -qv unmanaged"
nap 1
echo "    $VF2 is up; bond $B: active $(bond_active "$B"), ports $(bond_slaves "$B" | tr '\n' ' ')"
echo "    (hnvd sees the new device itself and may already have added it; the HMC's hcncfgdrc follows)"

meter_mark lpm cfgdrc
run_cmd hcncfgdrc DRC_INDEX=$VF2_DRC
expect_eq s2.cfgdrc-exit 0 "$RC" "hcncfgdrc of the new VF: exit"
note s2.cfgdrc-ms "$CMD_MS"
check s2.new-vf-active "active_slave=$VF2" wait_for 30 "new VF active" bond_is_active "$B" "$VF2"
check s2.new-vf-primary "primary=$VF2" wait_for 10 "new VF primary" bond_primary_is "$B" "$VF2"
nap 2
meter_mark lpm settled
nap 1
meter_stop lpm
expect_eq s2.same-ifindex "$IFINDEX0" "$(bond_ifindex "$B")" "bond not re-created: ifindex"
expect_eq s2.same-active-connection "$AC0" "$(ac_path "$B")" "NM did not re-activate the bond: active connection"
check s2.profile-primary "NM profile $B has primary=$VF2" \
  sh -c "nmcli -c no -g bond.options con show $B | grep -q 'primary=$VF2'"
check s2.old-port-profile-gone "no profile for $VF1 under $B" \
  sh -c "! nmcli -c no -g connection.interface-name,connection.master con show | grep -q '^$VF1:'"
check s2.foreign-untouched "lan-vf keyfile unchanged" [ "$(keyfile_sum "$FOREIGN_UUID")" = "$FOREIGN_SUM" ]
check s2.no-duplicates "no duplicate profiles: $(duplicates | tr '\n' ' ')" [ -z "$(duplicates)" ]
LOST=$(meter_field lpm lost)
GAP=$(meter_field lpm longest_loss_gap_ms)
note s2.sent "$(meter_field lpm sent)"
note s2.lost "$LOST"
note s2.loss-events "$(meter_field lpm loss_events)"
note s2.longest-loss-gap-ms "$GAP"
note s2.longest-loss-gap-phase "$(meter_field lpm longest_loss_gap_phase)"
note s2.rate-pps "$(meter_field lpm rate_pps)"
grep '^phase' "$RESULTS_DIR/meter-lpm.txt" | while read -r _ ph rest; do note "s2.phase.$ph" "$rest"; done
# Per phase: rmdev (the kernel moves traffic to the backup as the VF's port leaves) and cfgdrc
# (the primary switch to the new VF, no bond re-activation) must each lose nothing.
for ph in rmdev cfgdrc; do
  m=$(sed -n "s/^phase $ph .*missing= *\([0-9]*\).*/\1/p" "$RESULTS_DIR/meter-lpm.txt")
  g=$(sed -n "s/^phase $ph .*loss_gap_ms= *\([0-9.]*\).*/\1/p" "$RESULTS_DIR/meter-lpm.txt")
  if [ "${m:-x}" = 0 ]; then pass "s2.hitless-$ph" "phase $ph: 0 missing"; else fail "s2.hitless-$ph" "phase $ph: missing=$m loss_gap_ms=$g"; fi
done
# Target for the whole sequence: hitless. The trailing ping in flight when the meter stops may count as lost: allow 1.
if [ "${LOST:-99}" -le 1 ] && [ "$(meter_field lpm loss_events)" = 0 ]; then
  pass s2.hitless "lost=$LOST loss_events=0 longest_loss_gap_ms=$GAP"
else
  fail s2.hitless "lost=$LOST loss_events=$(meter_field lpm loss_events) longest_loss_gap_ms=$GAP"
fi
bond_dump "$B" s2
show hnv hnvctl status

# ================================================================================================
step "s3: hcnqrydev answers busy when the VF has no working backup"
peer_down "$BK"
wait_for 10 "backup carrier down" carrier_is "$BK" 0
run_cmd hcnqrydev DRC_INDEX=$VF2_DRC HCN_ID=$ID
expect_eq s3.busy-backup-down-exit 1 "$RC" "hcnqrydev with the backup's carrier down: exit"
check s3.busy-backup-down-code "output has 'error code 16'" grep -q 'error code 16' <<<"$OUT"
peer_up "$BK"
wait_for 10 "backup carrier up" carrier_is "$BK" 1
check s3.vf-still-active "active_slave=$VF2" bond_is_active "$B" "$VF2"

run_cmd hcnrmdev DRC_INDEX=$BK_DRC HCN_ID=$ID
expect_eq s3.rmdev-backup-exit 0 "$RC" "hcnrmdev of the backup: exit"
check s3.backup-released "$BK not enslaved" wait_for 20 "backup released" not_slave "$B" "$BK"
stays_out "$B" "$BK" s3.rmdev-stays-removed 5
run_cmd hcnqrydev DRC_INDEX=$VF2_DRC HCN_ID=$ID
expect_eq s3.busy-only-port-exit 1 "$RC" "hcnqrydev with the VF as the only port: exit"
check s3.busy-only-port-code "output has 'error code 16'" grep -q 'error code 16' <<<"$OUT"
run_cmd hcncfgdrc DRC_INDEX=$BK_DRC
expect_eq s3.cfgdrc-backup-exit 0 "$RC" "hcncfgdrc of the backup again: exit"
check s3.backup-back "$BK enslaved again" wait_for 30 "backup enslaved" bond_has_slave "$B" "$BK"
check s3.vf-active-after "active_slave=$VF2" wait_for 10 "VF active" bond_is_active "$B" "$VF2"
run_cmd hcnqrydev DRC_INDEX=$VF2_DRC HCN_ID=$ID
expect_eq s3.safe-again-exit 0 "$RC" "hcnqrydev with the backup back: exit"

# ================================================================================================
step "s4: failover and primary restore (daemon running, no command)"
# hnvctl events listens on the system bus from here (the daemon sends its signals there); it says
# "listening" on stderr once it is subscribed.
EVENTS=$RESULTS_DIR/events.jsonl
# Two signals expected: the failover and the restore (exit 0 after them, 2 after 240 s without).
hnv hnvctl events --json --count 2 --timeout 240 >"$EVENTS" 2>"$RESULTS_DIR/events.err" </dev/null &
EVENTS_PID=$!
wait_for 180 "hnvctl events listening" grep -q "listening" "$RESULTS_DIR/events.err" ||
  log "hnvctl events: not seen on the bus ($(cat "$RESULTS_DIR/events.err"))"
nap 3
meter_start failover "$IP"
wait_for 10 "meter running" sh -c "grep -q 'bytes from' '$RESULTS_DIR/meter-failover.ping'"
nap 1
meter_mark failover vf-link-down
peer_down "$VF2"
check s4.backup-takes-over "active_slave=$BK after the VF's link went down" \
  wait_for 10 "backup active" bond_is_active "$B" "$BK"
note s4.failover-ms "$WAIT_MS"
nap 2
meter_mark failover vf-link-up
peer_up "$VF2"
check s4.vf-back "active_slave=$VF2 after its link returned" wait_for 15 "VF active" bond_is_active "$B" "$VF2"
note s4.restore-ms "$WAIT_MS"
check s4.primary-kept "primary=$VF2" bond_primary_is "$B" "$VF2"
nap 2
meter_stop failover
signalled() { grep '"signal":"ActivePortChanged"' "$EVENTS" | grep "\"newPort\":\"$1\"" | grep -q "\"kind\":\"$2\""; }
check s4.signal-failover "ActivePortChanged to $BK (vnic) on the bus" wait_for 30 "failover signal" signalled "$BK" vnic
check s4.signal-restore "ActivePortChanged back to $VF2 (sriov) on the bus" wait_for 30 "restore signal" signalled "$VF2" sriov
wait_for 30 "hnvctl events done" sh -c "! kill -0 $EVENTS_PID 2>/dev/null"
wait "$EVENTS_PID" 2>/dev/null
expect_eq s4.events-exit 0 "$?" "hnvctl events --count 2: exit"
show cat "$EVENTS"
check s4.journal-line "the daemon logged the failover" grep -q "$B: active port $VF2 -> $BK (vnic)" "$T2_DAEMON_LOG"
run_cmd hnvctl --root "$LPAR" --sysfs /sys metrics
check s4.metrics-on-vf "hnvctl metrics: hnv_on_backup 0 on the VF again" \
  sh -c "printf '%s\n' \"\$1\" | grep -qx 'hnv_on_backup{hcn_id=\"0000$ID\",bond=\"$B\"} 0'" _ "$OUT"
check s4.metrics-safe "hnvctl metrics: hnv_migration_safe 1 (the backup has carrier)" \
  sh -c "printf '%s\n' \"\$1\" | grep -qx 'hnv_migration_safe{hcn_id=\"0000$ID\",bond=\"$B\"} 1'" _ "$OUT"
note s4.lost "$(meter_field failover lost)"
note s4.longest-loss-gap-ms "$(meter_field failover longest_loss_gap_ms)"
expect_eq s4.same-ifindex "$IFINDEX0" "$(bond_ifindex "$B")" "bond not re-created: ifindex"
check s4.daemon-alive "hnvd still running" _alive "$T2_DAEMON_PID"
show hnv hnvctl status

step "stopping hnvd"
daemon_stop TERM
expect_eq s4.daemon-clean-exit 0 "$DAEMON_EXIT" "hnvd exit status after SIGTERM"
note hnvd.warnings "$(grep -c 'WARN' "$RESULTS_DIR/hnvd-1.log")"
note hnvd.errors "$(grep -c 'ERROR\|Exception' "$RESULTS_DIR/hnvd-1.log")"
t2_exit
