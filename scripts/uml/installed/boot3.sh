#!/bin/bash
# Tier 3, boot 3 (LPAR phase "migrated": an inactive migration replaced enP2p0s0 by a new VF
# enP3p0s0 with another DRC; the vNIC stays), over the same persistent state. Check g: the old
# port's profile is gone (ours only), the new VF is primary and active, the admin's profiles (one
# named after the bond) are byte for byte unchanged. Check j: rpm -e hnvd leaves the network as it
# is (5 ms ping stream: nothing lost) and gives powerpc-utils back its files and its unit.
set -u
. "$REPO/scripts/uml/installed/t3-lib.sh"
: >"$RESULTS"
boot1=$RESULTS_DIR/../boot1

step "g: boot after an inactive migration (old VF gone, new VF present)"
expect_eq g.active active "$(systemctl is-active $UNIT)" "systemctl is-active $UNIT"
check g.converged "$VF3 active and primary, $BK enslaved" wait_for 60 "converged" converged "$VF3"
check g.old-port-gone "no profile for the old VF $VF2 (ours: $B-$VF2)" \
  sh -c "! grep -qs '^interface-name=$VF2\$' $KEYS/*"
port_of() { local f; f=$(grep -ls "^interface-name=$1\$" "$KEYS"/* | head -n1); [ -n "$f" ] && grep -qE '^(slave-type|port-type)=bond$' "$f"; }
check g.new-port "a bond port profile for $VF3" port_of "$VF3"
foreign_sums >"$RESULTS_DIR/foreign-boot3.txt"
check g.foreign-unchanged "foreign profiles (notes-$B, lan-spare) byte for byte as in boot 1" \
  cmp -s "$boot1/foreign-boot1.txt" "$RESULTS_DIR/foreign-boot3.txt"
check g.ip "the admin's $IP/16 still on $B" wait_for 30 "bond IP" sh -c "ip -4 -br addr show dev $B | grep -q '$IP/16'"
hnvd_lines >"$RESULTS_DIR/hnvd-journal-boot3.txt"
cat "$RESULTS_DIR/hnvd-journal-boot3.txt"

step "j: rpm -e hnvd under a 5 ms ping stream"
ifindex0=$(bond_ifindex "$B")
profiles >"$RESULTS_DIR/profiles-j-before.txt"
check j.takeover-before "before: /usr/sbin/hcncfgdrc is hnvd's launcher" \
  sh -c "[ \"\$(readlink -f /usr/sbin/hcncfgdrc)\" = /usr/lib/hnvd/hnvd-launcher ]"
meter_start erase "$IP" 0.005
wait_for 10 "meter running" sh -c "grep -q 'bytes from' '$RESULTS_DIR/meter-erase.ping'"
meter_mark erase rpm-e
show rpm -e hnvd
expect_eq j.erased 0 "$?" "rpm -e hnvd: exit"
nap 3
meter_stop erase
expect_eq j.zero-lost 0 "$(meter_field erase lost)" "packets lost across rpm -e ($(meter_field erase sent) sent)"
check j.bond-kept "$B still there (same ifindex), $VF3 active, $IP kept" \
  sh -c "[ \"$(bond_ifindex "$B")\" = $ifindex0 ] && [ \"$(bond_active "$B")\" = $VF3 ] && ip -4 -br addr show dev $B | grep -q '$IP/16'"
profiles >"$RESULTS_DIR/profiles-j-after.txt"
check j.profiles-kept "the profiles (name, uuid) are as before the erase" \
  cmp -s "$RESULTS_DIR/profiles-j-before.txt" "$RESULTS_DIR/profiles-j-after.txt"
expect_eq j.unit-gone inactive "$(systemctl is-active $UNIT)" "hcn-init.service (now powerpc-utils' one-shot, not started)"
expect_eq j.hcnmgr-back "powerpc-utils-1.3.13 hcnmgr" "$(/usr/sbin/hcnmgr 2>&1)" "/usr/sbin/hcnmgr answers"
check j.links-back "/usr/sbin/hcncfgdrc is powerpc-utils' again" \
  sh -c "[ \"\$(readlink -f /usr/sbin/hcncfgdrc)\" = /usr/sbin/hcnmgr ]"
check j.rpm-verify "rpm -V powerpc-utils-core is clean" rpm -V --nodeps powerpc-utils-core
check j.unit-link-gone "/etc/systemd/system/hcn-init.service (hnvd's link) removed" \
  sh -c "[ ! -e /etc/systemd/system/hcn-init.service ] && [ ! -L /etc/systemd/system/hcn-init.service ]"
check j.pu-unit-enabled "powerpc-utils' hcn-init.service enabled again" \
  sh -c "[ \"\$(systemctl is-enabled hcn-init.service)\" = enabled ]"
check j.no-hnvd-files "/usr/lib/hnvd gone" test ! -e /usr/lib/hnvd
show nmc -f NAME,UUID,DEVICE con show
bond_dump "$B" end
t2_exit
