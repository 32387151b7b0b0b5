#!/bin/bash
# Tier-2 scenarios of lpm.sh against REAL wicked (SLES), in ONE boot:
#   scripts/uml/run-guest --manager wicked --timeout 1200 target/uml/lpm-wicked scripts/uml/scenarios/lpm-wicked.sh
#  s1 adoption (static): the LPAR came up on the VF's own ifcfg-<VF> (static IP, wicked ifup); hnvd
#     starts -> bond up, VF active and primary, the IP on the bond; connectivity back within 5 s
#     (a 2 ms pinger measures it); the admin's ifcfg-<VF> untouched byte for byte.
#  sA an admin sets the bond's IP the SLES way (IPADDR_admin in ifcfg-bond<id>, wicked ifreload)
#     while hnvd runs: the product runs no ifup/ifdown while that command is in flight, and keeps
#     the admin's key through every later rewrite of the file.
#  s2 active LPM under a 2 ms ping stream (hcnqrydev, hcnrmdev, hot-remove, hot-add of a new VF
#     under another name, hcncfgdrc): the new VF primary and active, same ifindex, 0 lost.
#  s3 hcnqrydev busy with the backup's link down and with the VF as the only port.
#  s4 failover and primary restore, no command.
#  s7 hcnrmhcn: the bond, its ifcfg file and its kernel device go; foreign files untouched.
set -u
T2_BACKEND=wicked
. "$REPO/scripts/uml/lib.sh"
. "$REPO/scripts/uml/scenarios/tier2-lib.sh"
. "$REPO/scripts/uml/scenarios/wicked-lib.sh"
: >"$RESULTS"

ID=1a2b
B=bond0000$ID
BF=ifcfg-$B
VF1=enP1p0s0 VF1_MAC=02:00:00:00:01:01 VF1_PHB=800000020000021 VF1_DRC=20000021
VF2=enP2p0s0 VF2_MAC=02:00:00:00:02:01 VF2_PHB=800000020000022 VF2_DRC=20000022
BK=env3 BK_MAC=02:00:00:00:00:03 BK_DRC=30000003
IP=169.254.10.1
ADMIN_IP=169.254.30.1

# ================================================================================================
step "s1: a SLES install on the VF's own ifcfg-$VF1 (static $IP), then hnvd starts (adoption)"
wk_setup
sw_create
dt_init "$LPAR"
dt_vf "$LPAR" "$VF1_PHB" "$VF1_DRC" "$ID" primary "$VF1_MAC"
dt_vnic "$LPAR" "$BK_DRC" "$BK_DRC" "$ID" backup "$BK_MAC"
nic_add "$VF1" "$VF1_MAC"
nic_add "$BK" "$BK_MAC"
wk_ifcfg "ifcfg-$VF1" <<EOF
BOOTPROTO='static'
STARTMODE='auto'
IPADDR='$IP/16'
NAME='Mellanox VF (installer)'
EOF
wk ifup "$VF1"
check s1.installer-net-up "$IP on $VF1 before hnvd" wait_for 30 "VF IP" has_ip "$VF1" "$IP/16"
FOREIGN="ifcfg-$VF1"
FOREIGN_SUM=$(wk_sums $FOREIGN)
# 10 ms interval: the JVM starting next to a 2 ms pinger on the one guest CPU takes minutes.
meter_start adopt "$IP" 0.01
wait_for 10 "meter running" sh -c "grep -q 'bytes from' '$RESULTS_DIR/meter-adopt.ping'"
nap 1
meter_mark adopt daemon-start
show hnv hnvctl discover
t=${EPOCHREALTIME}
if daemon_start; then pass s1.daemon-ready "hnvd ready after ${DAEMON_READY_MS} ms"; else fail s1.daemon-ready "no 'hnvd ready' (see $(basename "$T2_DAEMON_LOG"))"; fi
note s1.daemon-ready-ms "$DAEMON_READY_MS"
check s1.bond-exists "kernel bond $B" wait_for 60 "bond" test -d "/sys/class/net/$B/bonding"
check s1.vf-active "active_slave=$VF1" wait_for 60 "VF active" bond_is_active "$B" "$VF1"
note s1.boot-to-vf-active-ms "$(ms_since "$t")"
check s1.vf-primary "primary=$VF1" wait_for 20 "VF primary" bond_primary_is "$B" "$VF1"
check s1.backup-enslaved "$BK in $B" wait_for 60 "backup enslaved" bond_has_slave "$B" "$BK"
check s1.proc-bonding "/proc/net/bonding/$B: primary $VF1" grep -q "Primary Slave: $VF1" "/proc/net/bonding/$B"
check s1.mode "active-backup" grep -q 'fault-tolerance (active-backup)' "/proc/net/bonding/$B"
check s1.bond-ip "$IP on $B (IP settings taken from ifcfg-$VF1)" wait_for 30 "bond IP" has_ip "$B" "$IP/16"
check s1.vf-ip-gone "$IP no longer on the port $VF1" wait_for 30 "VF IP gone" sh -c "! ip -4 -o addr show dev $VF1 | grep -q ' $IP/'"
check s1.ifcfg-primary "$BF has primary=$VF1" sh -c "grep -q \"primary=$VF1\" $WK_DIR/$BF"
check s1.ifcfg-ip "$BF carries IPADDR='$IP/16'" [ "$(wk_key "$BF" IPADDR)" = "$IP/16" ]
check s1.wicked-sees-bond "wicked ifstatus $B: up" wait_for 30 "wicked up" sh -c "[ \"\$(wicked ifstatus --brief $B 2>/dev/null | awk '{print \$2; exit}')\" = up ]"
check s1.reachable "remote host pings $IP" wait_for 30 "ping" remote ping -c1 -W1 "$IP"
nap 2
meter_stop adopt
ADOPT_GAP=$(meter_field adopt longest_loss_gap_ms)
note s1.adopt-lost "$(meter_field adopt lost)"
note s1.adopt-longest-loss-gap-ms "$ADOPT_GAP"
if awk -v g="${ADOPT_GAP:-99999}" 'BEGIN { exit !(g + 0 <= 5000) }'; then
  pass s1.connectivity-within-5s "longest outage while the IP moved to $B: ${ADOPT_GAP} ms"
else
  fail s1.connectivity-within-5s "longest outage ${ADOPT_GAP} ms > 5000 ms"
fi
check s1.foreign-untouched "$FOREIGN byte for byte" [ "$(wk_sums $FOREIGN)" = "$FOREIGN_SUM" ]
echo "--- $BF:"; sed 's/^/    /' "$WK_DIR/$BF"
bond_dump "$B" s1
show hnv hnvctl status

# ================================================================================================
step "sA: an admin sets the bond's IP the SLES way (IPADDR_admin in $BF, wicked ifreload $B)"
printf "IPADDR_admin='%s/16'\n" "$ADMIN_IP" >>"$WK_DIR/$BF"
ADMIN_LINE="IPADDR_admin='$ADMIN_IP/16'"
a_start=${EPOCHREALTIME}
s=${EPOCHREALTIME}
wk ifreload "$B"
A_RC=$?
a_end=${EPOCHREALTIME}
note sA.ifreload-exit "$A_RC"
note sA.ifreload-ms "$(ms_since "$s")"
expect_eq sA.ifreload-ok 0 "$A_RC" "wicked ifreload $B: exit"
check sA.admin-ip "$ADMIN_IP on $B" wait_for 30 "admin IP" has_ip "$B" "$ADMIN_IP/16"
OVER=$(wk_overlaps "$a_start" "$a_end")
check sA.no-product-call-during-admin "no product wicked call inside the admin's ifreload: ${OVER:-none}" [ -z "$OVER" ]
nap 3
converged1() { bond_is_active "$B" "$VF1" && bond_primary_is "$B" "$VF1" && bond_has_slave "$B" "$BK"; }
check sA.converged-after "VF active + primary, backup enslaved after the reload" wait_for 30 "converged" converged1
note sA.product-calls-since "$(wk_calls_since "$a_start" | tr '\n' ';')"
note sA.daemon-waited "$(grep -c "waiting for an admin's" "$T2_DAEMON_LOG")"
bond_dump "$B" sA

# ================================================================================================
step "s2: active LPM under a 1 ms ping stream (qrydev, rmdev, VF hot-remove, new VF, cfgdrc)"
IFINDEX0=$(bond_ifindex "$B")
echo "bond $B ifindex $IFINDEX0"
meter_start lpm "$IP" 0.001
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
stays_out "$B" "$VF1" s2.rmdev-stays-removed 8

meter_mark lpm hot-remove
nic_remove "$VF1"
dt_remove "$LPAR" "/pci@$VF1_PHB"
nap 2

meter_mark lpm hot-add
dt_vf "$LPAR" "$VF2_PHB" "$VF2_DRC" "$ID" primary "$VF2_MAC"
nic_add "$VF2" "$VF2_MAC"
nap 1

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
check s2.ifcfg-primary "$BF has primary=$VF2" sh -c "grep -q \"primary=$VF2\" $WK_DIR/$BF"
check s2.old-port-gone "no BONDING_SLAVE for $VF1 in $BF" sh -c "! grep -q \"^BONDING_SLAVE.*='$VF1'\" $WK_DIR/$BF"
check s2.admin-key-kept "$BF still has $ADMIN_LINE" grep -qxF "$ADMIN_LINE" "$WK_DIR/$BF"
check s2.admin-ip-kept "$ADMIN_IP still on $B" has_ip "$B" "$ADMIN_IP/16"
check s2.foreign-untouched "$FOREIGN byte for byte" [ "$(wk_sums $FOREIGN)" = "$FOREIGN_SUM" ]
LOST=$(meter_field lpm lost)
GAP=$(meter_field lpm longest_loss_gap_ms)
note s2.sent "$(meter_field lpm sent)"
note s2.lost "$LOST"
note s2.loss-events "$(meter_field lpm loss_events)"
note s2.longest-loss-gap-ms "$GAP"
note s2.longest-loss-gap-phase "$(meter_field lpm longest_loss_gap_phase)"
note s2.rate-pps "$(meter_field lpm rate_pps)"
grep '^phase' "$RESULTS_DIR/meter-lpm.txt" | while read -r _ ph rest; do note "s2.phase.$ph" "$rest"; done
for ph in rmdev cfgdrc; do
  m=$(sed -n "s/^phase $ph .*missing= *\([0-9]*\).*/\1/p" "$RESULTS_DIR/meter-lpm.txt")
  g=$(sed -n "s/^phase $ph .*loss_gap_ms= *\([0-9.]*\).*/\1/p" "$RESULTS_DIR/meter-lpm.txt")
  if [ "${m:-x}" = 0 ]; then pass "s2.hitless-$ph" "phase $ph: 0 missing"; else fail "s2.hitless-$ph" "phase $ph: missing=$m loss_gap_ms=$g"; fi
done
if [ "${LOST:-99}" -le 1 ] && [ "$(meter_field lpm loss_events)" = 0 ]; then
  pass s2.hitless "lost=$LOST loss_events=0 longest_loss_gap_ms=$GAP"
else
  fail s2.hitless "lost=$LOST loss_events=$(meter_field lpm loss_events) longest_loss_gap_ms=$GAP"
fi
echo "--- $BF:"; sed 's/^/    /' "$WK_DIR/$BF"
bond_dump "$B" s2
show hnv hnvctl status

# ================================================================================================
step "s3: hcnqrydev answers busy when the VF has no working backup"
peer_down "$BK"
wait_for 10 "backup carrier down" carrier_is "$BK" 0
run_cmd hcnqrydev DRC_INDEX=$VF2_DRC HCN_ID=$ID
expect_eq s3.busy-backup-down-exit 1 "$RC" "hcnqrydev with the backup's carrier down: exit"
check s3.busy-backup-down-code "output has 'error code 16'" grep -q 'error code 16' <<<"$OUT"
run_cmd hcnqrydev DRC_INDEX=$BK_DRC HCN_ID=$ID
note s3.qrydev-backup-with-link-down-exit "$RC"
peer_up "$BK"
wait_for 10 "backup carrier up" carrier_is "$BK" 1
check s3.vf-still-active "active_slave=$VF2" bond_is_active "$B" "$VF2"
run_cmd hcnqrydev DRC_INDEX=$BK_DRC HCN_ID=$ID
expect_eq s3.qrydev-backup-healthy 0 "$RC" "hcnqrydev of the healthy backup: exit"

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
note s4.lost "$(meter_field failover lost)"
note s4.longest-loss-gap-ms "$(meter_field failover longest_loss_gap_ms)"
expect_eq s4.same-ifindex "$IFINDEX0" "$(bond_ifindex "$B")" "bond not re-created: ifindex"
check s4.daemon-alive "hnvd still running" _alive "$T2_DAEMON_PID"
check s4.admin-key-kept "$BF still has $ADMIN_LINE" grep -qxF "$ADMIN_LINE" "$WK_DIR/$BF"

# ================================================================================================
step "s7: hcnrmhcn removes the HNV (bond, its ifcfg file, the kernel bond)"
run_cmd hcnrmhcn HCN_ID=$ID
expect_eq s7.rmhcn-exit 0 "$RC" "hcnrmhcn: exit"
check s7.bond-gone-kernel "no kernel bond $B" wait_for 60 "bond gone" test ! -e "/sys/class/net/$B"
check s7.ifcfg-gone "$BF deleted" test ! -e "$WK_DIR/$BF"
check s7.foreign-untouched "$FOREIGN byte for byte" [ "$(wk_sums $FOREIGN)" = "$FOREIGN_SUM" ]
stays_gone() { ! test -e "/sys/class/net/$B"; }
nap 5
check s7.stays-removed "$B not re-created by a replan 5 s later" stays_gone
show hnv hnvctl status
note product-wicked-calls "$(awk '{print $3 ":" $4 "," $5}' "$WK_CALLS" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"

step "stopping hnvd"
daemon_stop TERM
expect_eq s7.daemon-clean-exit 0 "$DAEMON_EXIT" "hnvd exit status after SIGTERM"
note hnvd.warnings "$(grep -c 'WARN' "$RESULTS_DIR/hnvd-1.log")"
note hnvd.errors "$(grep -c 'ERROR\|Exception' "$RESULTS_DIR/hnvd-1.log")"
t2_exit
