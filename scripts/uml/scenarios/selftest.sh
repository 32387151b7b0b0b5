#!/bin/bash
# Quick self-test of the tier-2 rig (one boot, well under a minute on a quiet machine):
#   scripts/uml/run-guest /tmp/uml-selftest scripts/uml/scenarios/selftest.sh
# Proves: guest mounts (writable /sys/devices/virtual/net, read-only rest of /sys, /dev/fd),
# the device-tree writer's bytes, the simulated network, an NM-built active-backup bond, the ping
# meter and one failover. Exit 0 when every check passed.
set -u
. "$REPO/scripts/uml/lib.sh"

failures=0
check() {
  local desc=$1
  shift
  if "$@"; then echo "CHECK ok   $desc"; else echo "CHECK FAIL $desc"; failures=$((failures + 1)); fi
}
hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }

# --- guest environment ----------------------------------------------------------------------------
check "/dev/fd works (process substitution)" bash -c 'cat <(echo x) >/dev/null'
check "/sys is read-only" bash -c '! touch /sys/kernel/hnvd-probe 2>/dev/null'
check "bonding module loaded" test -d /sys/module/bonding
check "results dir writable" touch "$RESULTS_DIR/probe"
check "host ~/.m2 readable (classpaths)" bash -c '[ ! -d /root/.m2 ] || ls /root/.m2/repository >/dev/null'
check "HOME writable" touch "$HOME/probe"
check "NetworkManager answers" sh -c 'nmcli -t -f RUNNING general | grep -qx running'

# --- device tree ----------------------------------------------------------------------------------
R=/run/lpar
dt_init "$R"
dt_vf "$R" 800000020000021 20000025 1a2b primary 02:00:00:00:01:01
dt_vnic "$R" 30000003 30000003 1a2b backup 02:00:00:00:00:03
dt_llan "$R" 30000002 30000002 00ff backup 02:00:00:00:00:02
D=$R/proc/device-tree
check "PHB drc-index BE" [ "$(hex "$D/pci@800000020000021/ibm,my-drc-index")" = 20000025 ]
check "VF hcn-id BE" [ "$(hex "$D/pci@800000020000021/ethernet@0/ibm,hcn-id")" = 00001a2b ]
check "VF hcn-mode primary\\0" [ "$(hex "$D/pci@800000020000021/ethernet@0/ibm,hcn-mode")" = 7072696d61727900 ]
check "VF mac" [ "$(hex "$D/pci@800000020000021/ethernet@0/local-mac-address")" = 020000000101 ]
check "VF vendor-id" [ "$(hex "$D/pci@800000020000021/ethernet@0/vendor-id")" = 000015b3 ]
check "vnic drc-index" [ "$(hex "$D/vdevice/vnic@30000003/ibm,my-drc-index")" = 30000003 ]
check "vnic hcn-mode backup\\0" [ "$(hex "$D/vdevice/vnic@30000003/ibm,hcn-mode")" = 6261636b757000 ]
check "l-lan hcn-id" [ "$(hex "$D/vdevice/l-lan@30000002/ibm,hcn-id")" = 000000ff ]
check "cpuinfo platform" grep -q '^platform[[:space:]]*: pSeries' "$R/proc/cpuinfo"
dt_remove "$R" /vdevice/l-lan@30000002
check "dt_remove" test ! -e "$D/vdevice/l-lan@30000002"

# --- network + bond -------------------------------------------------------------------------------
B=bond00001a2b
sw_create
nic_add enP1p0s0 02:00:00:00:01:01
nic_add env3 02:00:00:00:00:03
check "veth MAC set" [ "$(nic_mac enP1p0s0)" = 02:00:00:00:01:01 ]
check "NM manages the VF" wait_for 15 "VF managed" sh -c 'nmcli -g GENERAL.STATE dev show enP1p0s0 | grep -qv unmanaged'
check "NM leaves the peer alone" sh -c 'nmcli -g GENERAL.STATE dev show enP1p0s0-p | grep -q unmanaged'
nmc con add type bond con-name "$B" ifname "$B" connection.autoconnect-slaves 1 \
  bond.options mode=active-backup,miimon=100,fail_over_mac=follow,primary=enP1p0s0 \
  ipv4.method manual ipv4.addresses 169.254.10.1/16 ipv6.method disabled >/dev/null
nmc con add type ethernet con-name "$B-enP1p0s0" ifname enP1p0s0 master "$B" slave-type bond >/dev/null
nmc con add type ethernet con-name "$B-env3" ifname env3 master "$B" slave-type bond >/dev/null
nmc con up "$B" >/dev/null
check "VF active" wait_for 20 "VF active" bond_is_active "$B" enP1p0s0
check "backup enslaved" wait_for 20 "backup" bond_has_slave "$B" env3
check "primary VF" wait_for 5 "primary" bond_primary_is "$B" enP1p0s0
check "remote reaches the bond" wait_for 20 "ping" remote ping -c1 -W1 169.254.10.1
bond_dump "$B" >"$RESULTS_DIR/bond.txt"

# --- meter + failover -----------------------------------------------------------------------------
meter_start t 169.254.10.1
nap 1
meter_mark t link-down
peer_down enP1p0s0
check "failover to backup" wait_for 10 "backup active" bond_is_active "$B" env3
nap 1
meter_mark t link-up
peer_up enP1p0s0
check "failback to VF" wait_for 10 "VF active" bond_is_active "$B" enP1p0s0
nap 1
meter_stop t >/dev/null
dlpar_remove "$R" /pci@800000020000021 enP1p0s0
check "dlpar_remove: interface and node gone" \
  bash -c "[ ! -e /sys/class/net/enP1p0s0 ] && [ ! -e $D/pci@800000020000021 ]"
check "backup active after the VF left" wait_for 10 "backup active" bond_is_active "$B" env3
dlpar_add_vf "$R" 800000020000031 20000031 1a2b primary enP3p0s0 02:00:00:00:03:01
check "dlpar_add_vf: interface and node" \
  bash -c "[ \"\$(cat /sys/class/net/enP3p0s0/address)\" = 02:00:00:00:03:01 ] && [ -e $D/pci@800000020000031/ethernet@0/ibm,hcn-id ]"
check "meter summary written" grep -q '^received=[1-9]' "$RESULTS_DIR/meter-t.txt"
cat "$RESULTS_DIR/meter-t.txt"

echo "failures=$failures"
[ "$failures" = 0 ]
