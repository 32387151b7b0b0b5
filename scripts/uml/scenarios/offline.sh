#!/bin/bash
# Tier-2 scenarios 5-6 in ONE boot, on real kernel bonds, with the real daemon:
#   scripts/uml/run-guest --timeout 900 target/uml/offline scripts/uml/scenarios/offline.sh
#  s5 inactive migration: hnvd builds bond HCN 1a2b, is stopped; the device tree changes (HCN 1a2b
#     gone, the pair now HCN 3c4d with new DRCs, the VF renamed by the "destination's" udev); two
#     foreign profiles exist; hnvd starts -> new bond with the VF primary and active, the old bond's
#     profiles and kernel bond removed, the foreign profiles byte-for-byte untouched.
#  s6 hnvd SIGKILLed while it configures a new HNV (HCN 5e6f: VF + l-lan), restarted -> converged,
#     nothing lost, no duplicate profiles; bond 3c4d and the foreign profiles unharmed.
# Results: $RESULTS_DIR/results.txt (PASS/FAIL/NOTE lines), hnvd-*.log, scenario.log.
set -u
. "$REPO/scripts/uml/lib.sh"
. "$REPO/scripts/uml/scenarios/tier2-lib.sh"
: >"$RESULTS"

OLD=1a2b NEW=3c4d THIRD=5e6f
BOLD=bond0000$OLD BNEW=bond0000$NEW B3=bond0000$THIRD
VF=enP1p0s0 VF_REN=enP7p0s0 VF_MAC=02:00:00:00:01:01
BK=env3 BK_MAC=02:00:00:00:00:03
OTHER=eth9 OTHER_MAC=02:00:00:00:09:09
VF3=enP3p0s0 VF3_MAC=02:00:00:00:03:01 LL3=eth4 LL3_MAC=02:00:00:00:00:04

# foreign_snapshot: name, uuid and keyfile hash of every profile that is not one of ours (bond*).
foreign_snapshot() {
  nmc -g NAME,UUID con show | grep -v '^bond' | sort | while IFS=: read -r n u; do
    echo "$n $u $(keyfile_sum "$u")"
  done
}

# ================================================================================================
step "s5: inactive migration (hnvd stopped while the device tree changes)"
sw_create
dt_init "$LPAR"
dt_vf "$LPAR" 800000020000021 20000021 "$OLD" primary "$VF_MAC"
dt_vnic "$LPAR" 30000003 30000003 "$OLD" backup "$BK_MAC"
nic_add "$VF" "$VF_MAC"
nic_add "$BK" "$BK_MAC"
nic_add "$OTHER" "$OTHER_MAC"
wait_for 30 "NM manages $OTHER" sh -c "nmcli -g GENERAL.STATE dev show $OTHER | grep -qv unmanaged"
# Foreign profiles: one active on a device outside any HNV, one inactive that names nothing here.
nmc con add type ethernet con-name admin-eth9 ifname "$OTHER" ipv4.method manual \
  ipv4.addresses 169.254.20.1/16 ipv6.method disabled >/dev/null
nmc con add type ethernet con-name admin-spare ifname spare0 connection.autoconnect no \
  ipv4.method disabled ipv6.method ignore >/dev/null
if daemon_start; then pass s5.first-daemon-ready "${DAEMON_READY_MS} ms"; else fail s5.first-daemon-ready "no 'hnvd ready'"; fi
check s5.old-bond-up "$BOLD active $VF" wait_for 60 "old bond" bond_is_active "$BOLD" "$VF"
check s5.old-bond-backup "$BK in $BOLD" wait_for 60 "old backup" bond_has_slave "$BOLD" "$BK"
show hnv hnvctl status
daemon_stop TERM
expect_eq s5.first-daemon-exit 0 "$DAEMON_EXIT" "hnvd exit status after SIGTERM"
FOREIGN_BEFORE=$(foreign_snapshot)
echo "foreign profiles before:"; echo "$FOREIGN_BEFORE" | sed 's/^/    /'

# The migration, as the destination presents it: the old HCN's nodes are gone, the pair has a new
# HCN id and new DRC indexes, and the VF came up under another name (kernel rename, same MAC).
dt_remove "$LPAR" /pci@800000020000021
dt_remove "$LPAR" /vdevice/vnic@30000003
ip link set "$VF" down
ip link set "$VF" name "$VF_REN"
dt_vf "$LPAR" 800000020000031 20000031 "$NEW" primary "$VF_MAC"
dt_vnic "$LPAR" 30000013 30000013 "$NEW" backup "$BK_MAC"
wait_for 30 "NM sees $VF_REN" sh -c "nmcli -g GENERAL.STATE dev show $VF_REN | grep -qv unmanaged"
show hnv hnvctl discover
show hnv hnvctl plan

t=${EPOCHREALTIME}
if daemon_start; then pass s5.daemon-ready "${DAEMON_READY_MS} ms"; else fail s5.daemon-ready "no 'hnvd ready'"; fi
check s5.new-bond-vf-active "$BNEW active_slave=$VF_REN" wait_for 60 "new bond" bond_is_active "$BNEW" "$VF_REN"
note s5.converge-ms "$(ms_since "$t")"
check s5.new-bond-primary "primary=$VF_REN" wait_for 20 "primary" bond_primary_is "$BNEW" "$VF_REN"
check s5.new-bond-backup "$BK in $BNEW" wait_for 60 "backup" bond_has_slave "$BNEW" "$BK"
check s5.old-bond-gone-kernel "no kernel bond $BOLD" wait_for 60 "old bond gone" test ! -e "/sys/class/net/$BOLD"
check s5.old-profiles-gone "no profile named $BOLD*" sh -c "! nmcli -c no -g NAME con show | grep -q '^$BOLD'"
check s5.new-profiles "profiles $BNEW, $BNEW-$VF_REN, $BNEW-$BK" sh -c \
  "n=\$(nmcli -c no -g NAME con show); for p in $BNEW $BNEW-$VF_REN $BNEW-$BK; do echo \"\$n\" | grep -qx \$p || exit 1; done"
FOREIGN_AFTER=$(foreign_snapshot)
echo "foreign profiles after:"; echo "$FOREIGN_AFTER" | sed 's/^/    /'
check s5.foreign-untouched "names, uuids and keyfiles of foreign profiles unchanged" [ "$FOREIGN_BEFORE" = "$FOREIGN_AFTER" ]
check s5.foreign-still-active "admin-eth9 still active on $OTHER" \
  sh -c "nmcli -c no -g GENERAL.CONNECTION dev show $OTHER | grep -qx admin-eth9"
check s5.no-duplicates "no duplicate profiles: $(duplicates | tr '\n' ' ')" [ -z "$(duplicates)" ]
bond_dump "$BNEW" s5
show hnv hnvctl status

# ================================================================================================
step "s6: hnvd SIGKILLed while it configures a new HNV ($THIRD: VF + l-lan), restarted"
IFINDEX_NEW=$(bond_ifindex "$BNEW")
dt_vf "$LPAR" 800000020000041 20000041 "$THIRD" primary "$VF3_MAC"
dt_llan "$LPAR" 30000004 30000004 "$THIRD" backup "$LL3_MAC"
nic_add "$VF3" "$VF3_MAC"
nic_add "$LL3" "$LL3_MAC"
# hcncfgdrc goes to the daemon; the daemon may also start on its own (device-added events). Kill -9
# as soon as the first profile of the new HNV is on disk: mid-transaction, checkpoint open.
run_cmd hcncfgdrc DRC_INDEX=20000041 >"$RESULTS_DIR/s6-cfgdrc.out" 2>&1 &
CFG_PID=$!
killed=no
# Polled without forking (a fork costs 10-50 ms here): the keyfile is named after the profile.
b3_on_disk() { local f; for f in /etc/NetworkManager/system-connections/"$B3"*; do [ -e "$f" ] && return 0; done; return 1; }
if wait_for 120 "first $B3 profile on disk" b3_on_disk; then
  kill -KILL "$T2_DAEMON_PID" && killed=yes
  note s6.killed-after-ms "$WAIT_MS"
fi
expect_eq s6.killed-mid-configure yes "$killed" "SIGKILL once the first $B3 profile existed"
daemon_stop KILL
note s6.profiles-at-kill "$(nmc -g NAME con show | tr '\n' ' ')"
note s6.kernel-at-kill "slaves($B3)=$(bond_slaves "$B3") active=$(bond_active "$B3")"
# The client saw the daemon die mid-answer: it runs the command itself (converging operations).
wait "$CFG_PID"
cat "$RESULTS_DIR/s6-cfgdrc.out"
CFG_RC=$(sed -n 's/^    (exit \([0-9]*\),.*/\1/p' "$RESULTS_DIR/s6-cfgdrc.out")
note s6.cfgdrc-exit-after-kill "${CFG_RC:-?}"
t=${EPOCHREALTIME}
if daemon_start; then pass s6.restart-ready "${DAEMON_READY_MS} ms"; else fail s6.restart-ready "no 'hnvd ready'"; fi
# NM's checkpoint of the killed transaction rolls back by itself after 120 s: wait past it.
check s6.vf-active "$B3 active_slave=$VF3" wait_for 200 "new HNV converged" bond_is_active "$B3" "$VF3"
note s6.converge-ms "$(ms_since "$t")"
check s6.primary "primary=$VF3" wait_for 20 "primary" bond_primary_is "$B3" "$VF3"
check s6.backup "$LL3 in $B3" wait_for 60 "backup" bond_has_slave "$B3" "$LL3"
echo "waiting past the killed transaction's checkpoint timeout (120 s after it began) ..."
while [ "$(ms_since "$t")" -lt 130000 ]; do nap 2; done
b3_ok() { bond_is_active "$B3" "$VF3" && bond_primary_is "$B3" "$VF3" && bond_has_slave "$B3" "$LL3"; }
check s6.still-converged-after-checkpoint-timeout "$B3: $VF3 active+primary, $LL3 enslaved" b3_ok
check s6.profiles "profiles $B3, $B3-$VF3, $B3-$LL3" sh -c \
  "n=\$(nmcli -c no -g NAME con show); for p in $B3 $B3-$VF3 $B3-$LL3; do echo \"\$n\" | grep -qx \$p || exit 1; done"
check s6.no-duplicates "no duplicate profiles: $(duplicates | tr '\n' ' ')" [ -z "$(duplicates)" ]
bnew_ok() { bond_is_active "$BNEW" "$VF_REN" && bond_has_slave "$BNEW" "$BK" && [ "$(bond_ifindex "$BNEW")" = "$IFINDEX_NEW" ]; }
check s6.other-bond-intact "$BNEW: $VF_REN active, $BK enslaved, same ifindex" bnew_ok
check s6.foreign-untouched "foreign profiles unchanged" [ "$FOREIGN_BEFORE" = "$(foreign_snapshot)" ]
run_cmd hnvctl plan
check s6.plan-empty "hnvctl plan after restart: $(head -n1 <<<"$OUT")" grep -q 'nothing to do' <<<"$OUT"
show hnv hnvctl status
daemon_stop TERM
expect_eq s6.daemon-clean-exit 0 "$DAEMON_EXIT" "hnvd exit status after SIGTERM"
t2_exit
