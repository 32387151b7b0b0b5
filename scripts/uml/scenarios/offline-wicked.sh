#!/bin/bash
# Tier-2 scenarios of offline.sh against REAL wicked (SLES), in ONE boot:
#   scripts/uml/run-guest --manager wicked --timeout 1200 target/uml/offline-wicked scripts/uml/scenarios/offline-wicked.sh
#  s5 inactive migration: hnvd builds bond HCN 1a2b, is stopped; the device tree changes (HCN 1a2b
#     gone, the pair now HCN 3c4d with new DRCs, the VF renamed); foreign files exist: a YaST-style
#     bond (ifcfg-bond1, BONDING_SLAVE0, up), ifcfg-prod-bond00003c4d-uplink (a name that contains
#     the new bond's), ifroute-bond00001a2b and ifroute-bond1; hnvd starts -> new bond with the
#     VF primary and active, the old bond's file and kernel device gone, every foreign file
#     untouched byte for byte, the YaST bond still up (same ifindex).
#  s6 hnvd SIGKILLed while it configures a new HNV (HCN 5e6f: VF + l-lan), restarted -> converged,
#     no stray files, bond 3c4d and the foreign files unharmed, hnvctl plan has nothing to do.
#  s8 adoption (DHCP, when dnsmasq is installed): the VF of HCN 7a8b came up on its own
#     ifcfg-<VF> with BOOTPROTO='dhcp4'; hcncfgdrc -> the bond gets the lease, connectivity back
#     within 5 s.
set -u
T2_BACKEND=wicked
. "$REPO/scripts/uml/lib.sh"
. "$REPO/scripts/uml/scenarios/tier2-lib.sh"
. "$REPO/scripts/uml/scenarios/wicked-lib.sh"
: >"$RESULTS"

OLD=1a2b NEW=3c4d THIRD=5e6f
BOLD=bond0000$OLD BNEW=bond0000$NEW B3=bond0000$THIRD
VF=enP1p0s0 VF_REN=enP7p0s0 VF_MAC=02:00:00:00:01:01
BK=env3 BK_MAC=02:00:00:00:00:03
OTHER=eth9 OTHER_MAC=02:00:00:00:09:09
VF3=enP3p0s0 VF3_MAC=02:00:00:00:03:01 LL3=eth4 LL3_MAC=02:00:00:00:00:04
FOREIGN="ifcfg-bond1 ifcfg-prod-$BNEW-uplink ifroute-$BOLD ifroute-bond1"

# ================================================================================================
step "s5: inactive migration (hnvd stopped while the device tree changes)"
wk_setup
sw_create
dt_init "$LPAR"
dt_vf "$LPAR" 800000020000021 20000021 "$OLD" primary "$VF_MAC"
dt_vnic "$LPAR" 30000003 30000003 "$OLD" backup "$BK_MAC"
nic_add "$VF" "$VF_MAC"
nic_add "$BK" "$BK_MAC"
nic_add "$OTHER" "$OTHER_MAC"
# Foreign files, as YaST and an admin leave them (YaST numbers slaves from 0).
wk_ifcfg ifcfg-bond1 <<EOF
BOOTPROTO='static'
STARTMODE='auto'
IPADDR='169.254.20.1/16'
BONDING_MASTER='yes'
BONDING_MODULE_OPTS='mode=active-backup miimon=100'
BONDING_SLAVE0='$OTHER'
NAME='Bond (YaST)'
EOF
wk_ifcfg "ifcfg-prod-$BNEW-uplink" <<'EOF'
# uplink of the production VLAN, kept for later
STARTMODE='off'
BOOTPROTO='none'
EOF
wk_ifcfg "ifroute-$BOLD" <<'EOF'
# admin's route through the HNV bond
169.254.99.0/24 169.254.10.254 - -
EOF
wk_ifcfg ifroute-bond1 <<'EOF'
169.254.98.0/24 169.254.20.254 - -
EOF
wk ifup bond1
check s5.yast-bond-up "bond1 up with $OTHER (BONDING_SLAVE0)" wait_for 30 "bond1" bond_has_slave bond1 "$OTHER"
YAST_IFINDEX=$(bond_ifindex bond1)
if daemon_start; then pass s5.first-daemon-ready "${DAEMON_READY_MS} ms"; else fail s5.first-daemon-ready "no 'hnvd ready'"; fi
check s5.old-bond-up "$BOLD active $VF" wait_for 60 "old bond" bond_is_active "$BOLD" "$VF"
check s5.old-bond-backup "$BK in $BOLD" wait_for 60 "old backup" bond_has_slave "$BOLD" "$BK"
show hnv hnvctl status
daemon_stop TERM
expect_eq s5.first-daemon-exit 0 "$DAEMON_EXIT" "hnvd exit status after SIGTERM"
FOREIGN_BEFORE=$(wk_sums $FOREIGN)
echo "foreign files before:"; echo "$FOREIGN_BEFORE" | sed 's/^/    /'

dt_remove "$LPAR" /pci@800000020000021
dt_remove "$LPAR" /vdevice/vnic@30000003
ip link set "$VF" down
ip link set "$VF" name "$VF_REN"
dt_vf "$LPAR" 800000020000031 20000031 "$NEW" primary "$VF_MAC"
dt_vnic "$LPAR" 30000013 30000013 "$NEW" backup "$BK_MAC"
# The partition was off: wicked starts afresh at boot (wk_restart explains why this matters).
check s5.wicked-restarted "wickedd + nanny restarted as at boot" wk_restart
show hnv hnvctl discover
show hnv hnvctl plan

t=${EPOCHREALTIME}
if daemon_start; then pass s5.daemon-ready "${DAEMON_READY_MS} ms"; else fail s5.daemon-ready "no 'hnvd ready'"; fi
check s5.new-bond-vf-active "$BNEW active_slave=$VF_REN" wait_for 60 "new bond" bond_is_active "$BNEW" "$VF_REN"
note s5.converge-ms "$(ms_since "$t")"
check s5.new-bond-primary "primary=$VF_REN" wait_for 20 "primary" bond_primary_is "$BNEW" "$VF_REN"
check s5.new-bond-backup "$BK in $BNEW" wait_for 60 "backup" bond_has_slave "$BNEW" "$BK"
check s5.old-bond-gone-kernel "no kernel bond $BOLD" wait_for 60 "old bond gone" test ! -e "/sys/class/net/$BOLD"
check s5.old-ifcfg-gone "ifcfg-$BOLD deleted" test ! -e "$WK_DIR/ifcfg-$BOLD"
check s5.new-ifcfg "ifcfg-$BNEW with BONDING_SLAVE_* $VF_REN and $BK" sh -c \
  "grep -q \"^BONDING_SLAVE_[0-9]*='$VF_REN'\" $WK_DIR/ifcfg-$BNEW && grep -q \"^BONDING_SLAVE_[0-9]*='$BK'\" $WK_DIR/ifcfg-$BNEW"
FOREIGN_AFTER=$(wk_sums $FOREIGN)
echo "foreign files after:"; echo "$FOREIGN_AFTER" | sed 's/^/    /'
check s5.foreign-untouched "$FOREIGN byte for byte" [ "$FOREIGN_BEFORE" = "$FOREIGN_AFTER" ]
yast_ok() { bond_has_slave bond1 "$OTHER" && [ "$(bond_ifindex bond1)" = "$YAST_IFINDEX" ] && has_ip bond1 169.254.20.1/16; }
check s5.yast-bond-intact "bond1: $OTHER enslaved, same ifindex, its IP" yast_ok
check s5.no-stray-files "only expected files in $WK_DIR: $(ls -A "$WK_DIR" | tr '\n' ' ')" sh -c \
  "! ls -A $WK_DIR | grep -v -x -e config -e dhcp -e ifcfg-$BNEW $(printf -- ' -e %s' $FOREIGN)"
bond_dump "$BNEW" s5
show hnv hnvctl status

# ================================================================================================
step "s6: hnvd SIGKILLed while it configures a new HNV ($THIRD: VF + l-lan), restarted"
IFINDEX_NEW=$(bond_ifindex "$BNEW")
dt_vf "$LPAR" 800000020000041 20000041 "$THIRD" primary "$VF3_MAC"
dt_llan "$LPAR" 30000004 30000004 "$THIRD" backup "$LL3_MAC"
nic_add "$VF3" "$VF3_MAC"
nic_add "$LL3" "$LL3_MAC"
run_cmd hcncfgdrc DRC_INDEX=20000041 >"$RESULTS_DIR/s6-cfgdrc.out" 2>&1 &
CFG_PID=$!
killed=no
b3_on_disk() { [ -e "$WK_DIR/ifcfg-$B3" ]; }
if wait_for 120 "ifcfg-$B3 on disk" b3_on_disk; then
  kill -KILL "$T2_DAEMON_PID" && killed=yes
  note s6.killed-after-ms "$WAIT_MS"
fi
expect_eq s6.killed-mid-configure yes "$killed" "SIGKILL once ifcfg-$B3 existed"
daemon_stop KILL
note s6.files-at-kill "$(ls -A "$WK_DIR" | tr '\n' ' ')"
note s6.kernel-at-kill "slaves($B3)=$(bond_slaves "$B3") active=$(bond_active "$B3")"
wait "$CFG_PID"
cat "$RESULTS_DIR/s6-cfgdrc.out"
CFG_RC=$(sed -n 's/^    (exit \([0-9]*\),.*/\1/p' "$RESULTS_DIR/s6-cfgdrc.out")
note s6.cfgdrc-exit-after-kill "${CFG_RC:-?}"
t=${EPOCHREALTIME}
if daemon_start; then pass s6.restart-ready "${DAEMON_READY_MS} ms"; else fail s6.restart-ready "no 'hnvd ready'"; fi
check s6.vf-active "$B3 active_slave=$VF3" wait_for 120 "new HNV converged" bond_is_active "$B3" "$VF3"
note s6.converge-ms "$(ms_since "$t")"
check s6.primary "primary=$VF3" wait_for 20 "primary" bond_primary_is "$B3" "$VF3"
check s6.backup "$LL3 in $B3" wait_for 60 "backup" bond_has_slave "$B3" "$LL3"
check s6.one-file "exactly one BONDING_SLAVE line per port in ifcfg-$B3" sh -c \
  "[ \$(grep -c \"^BONDING_SLAVE.*='$VF3'\" $WK_DIR/ifcfg-$B3) = 1 ] && [ \$(grep -c \"^BONDING_SLAVE.*='$LL3'\" $WK_DIR/ifcfg-$B3) = 1 ]"
no_journal() { [ -z "$(ls -A "$LPAR/var/lib/hnvd/wicked/rollback" 2>/dev/null)" ]; }
check s6.no-journal "no rollback journal left" wait_for 30 "journal gone" no_journal
note s6.journal-replayed "$(grep -c 'rolled back from the journal' "$RESULTS_DIR/hnvd-3.log")"
bnew_ok() { bond_is_active "$BNEW" "$VF_REN" && bond_has_slave "$BNEW" "$BK" && [ "$(bond_ifindex "$BNEW")" = "$IFINDEX_NEW" ]; }
check s6.other-bond-intact "$BNEW: $VF_REN active, $BK enslaved, same ifindex" bnew_ok
check s6.foreign-untouched "foreign files unchanged" [ "$FOREIGN_BEFORE" = "$(wk_sums $FOREIGN)" ]
check s6.yast-bond-intact "bond1 intact" yast_ok
run_cmd hnvctl plan
check s6.plan-empty "hnvctl plan after restart: $(head -n1 <<<"$OUT")" grep -q 'nothing to do' <<<"$OUT"
show hnv hnvctl status

# ================================================================================================
step "s8: adoption with DHCP: the VF came up on its own ifcfg-<VF> with BOOTPROTO='dhcp4'"
if command -v dnsmasq >/dev/null 2>&1; then
  ID8=7a8b B8=bond0000$ID8 VF8=enP8p0s0 VF8_MAC=02:00:00:00:08:01 BK8=env8 BK8_MAC=02:00:00:00:00:08
  LEASE=169.254.40.8
  remote ip addr add 169.254.40.2/16 dev rem0
  remote dnsmasq --no-daemon --port=0 --interface=rem0 --bind-interfaces --dhcp-authoritative \
    --dhcp-range=169.254.40.100,169.254.40.200,255.255.0.0,1h --dhcp-host="$VF8_MAC,$LEASE" \
    --dhcp-leasefile="$RESULTS_DIR/dnsmasq.leases" --log-dhcp >"$RESULTS_DIR/dnsmasq.log" 2>&1 &
  DNSMASQ_PID=$!
  # The daemon would configure the new HNV at once: the VF's own network comes first, as at install.
  daemon_stop TERM
  dt_vf "$LPAR" 800000020000081 20000081 "$ID8" primary "$VF8_MAC"
  dt_vnic "$LPAR" 30000008 30000008 "$ID8" backup "$BK8_MAC"
  nic_add "$VF8" "$VF8_MAC"
  nic_add "$BK8" "$BK8_MAC"
  wk_ifcfg "ifcfg-$VF8" <<'EOF'
BOOTPROTO='dhcp4'
STARTMODE='auto'
EOF
  VF8_SUM=$(wk_sums "ifcfg-$VF8")
  wk ifup "$VF8"
  check s8.installer-lease "$LEASE on $VF8 by DHCP" wait_for 60 "lease" has_ip "$VF8" "$LEASE/16"
  meter_start adopt8 "$LEASE" 0.01
  wait_for 10 "meter running" sh -c "grep -q 'bytes from' '$RESULTS_DIR/meter-adopt8.ping'"
  nap 1
  meter_mark adopt8 daemon-start
  if daemon_start; then pass s8.daemon-ready "${DAEMON_READY_MS} ms"; else fail s8.daemon-ready "no 'hnvd ready'"; fi
  check s8.vf-active "$B8 active_slave=$VF8" wait_for 60 "bond" bond_is_active "$B8" "$VF8"
  check s8.backup "$BK8 in $B8" wait_for 60 "backup" bond_has_slave "$B8" "$BK8"
  check s8.bond-lease "$LEASE on $B8 (DHCP on the bond, same MAC)" wait_for 60 "bond lease" has_ip "$B8" "$LEASE/16"
  check s8.ifcfg-dhcp "ifcfg-$B8 has BOOTPROTO='dhcp4'" [ "$(wk_key "ifcfg-$B8" BOOTPROTO)" = dhcp4 ]
  check s8.reachable "remote host pings $LEASE" wait_for 30 "ping" remote ping -c1 -W1 "$LEASE"
  nap 2
  meter_stop adopt8
  GAP8=$(meter_field adopt8 longest_loss_gap_ms)
  note s8.adopt-lost "$(meter_field adopt8 lost)"
  note s8.adopt-longest-loss-gap-ms "$GAP8"
  if awk -v g="${GAP8:-99999}" 'BEGIN { exit !(g + 0 <= 5000) }'; then
    pass s8.connectivity-within-5s "longest outage while the lease moved to $B8: ${GAP8} ms"
  else
    fail s8.connectivity-within-5s "longest outage ${GAP8} ms > 5000 ms"
  fi
  check s8.foreign-untouched "ifcfg-$VF8 byte for byte" [ "$(wk_sums "ifcfg-$VF8")" = "$VF8_SUM" ]
  kill "$DNSMASQ_PID" 2>/dev/null
else
  note s8.skipped "dnsmasq not installed (scripts/install-deps installs dnsmasq-base)"
  fail s8.dnsmasq "no DHCP server for the DHCP adoption scenario"
fi
note product-wicked-calls "$(awk '{print $3 ":" $4 "," $5}' "$WK_CALLS" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
daemon_stop TERM
expect_eq s6.daemon-clean-exit 0 "$DAEMON_EXIT" "hnvd exit status after SIGTERM"
t2_exit
