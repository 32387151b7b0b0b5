#!/bin/bash
# Tier 3, the SLES boot (LPAR phase "boot": VF enP1p0s0 + vNIC env3, HCN 1a2b; HNVD_T3_MANAGER=wicked:
# a SLES os-release and the vendored real wicked started by systemd, NetworkManager masked; see
# scripts/uml/installed/init, sles_wicked). Own persistent state (a fresh LPAR). Checks:
#  s  the product chose the wicked backend by asking the real systemd (network.service ->
#     wicked.service): hnvctl status/doctor and the daemon's journal (ifcfg files, wicked ifup);
#     hcn-init.service ordered before wicked.service (unit properties and the boot's journal);
#     the bond up through wicked with the VF active and primary (kernel truth);
#  w  `wicked ifup` run by the daemon from inside hcn-init's sandbox (rmdev + cfgdrc of the backup);
#  admin  the bond's IP set the SLES way (BOOTPROTO static + IPADDR in ifcfg-bond<id>, wicked ifreload);
#  m  the live migration through the installed DynamicRM names under a 1 ms ping stream: 0 lost.
set -u
. "$REPO/scripts/uml/installed/t3-lib.sh"
: >"$RESULTS"
WK_DIR=/etc/sysconfig/network
BF=ifcfg-$B
has_ip() { ip -4 -o addr show dev "$1" 2>/dev/null | grep -q " $2 "; }
# journal_count REGEX: the daemon's journal lines of this boot matching REGEX.
journal_count() { journalctl -b -u "$UNIT" -o cat --no-pager | grep -cE "$1"; }

# ================================================================================================
step "s: a SLES boot: wicked.service, not NetworkManager"
expect_eq s.active active "$(systemctl is-active $UNIT)" "systemctl is-active $UNIT"
expect_eq s.wicked-active active "$(systemctl is-active wicked.service)" "systemctl is-active wicked.service"
expect_eq s.nm-absent inactive "$(systemctl is-active NetworkManager.service)" "NetworkManager.service (masked)"
expect_eq s.alias wicked.service "$(prop network.service Id)" "network.service is an alias of"
show systemctl status wickedd.service wickedd-nanny.service wicked.service --no-pager -l
# The choice, as the commands make it (hnvctl asks systemd over D-Bus, as the daemon does).
show hnvctl status --json
st_backend=$(/usr/sbin/hnvctl status --json 2>/dev/null | jq -r .backend)
check s.status-backend "hnvctl status: backend '$st_backend' is wicked" sh -c "case '$st_backend' in wicked*) exit 0;; esac; exit 1"
doc=$(/usr/sbin/hnvctl doctor 2>&1)
printf '%s\n' "$doc"
check s.doctor-reason "hnvctl doctor: 'network.service is wicked.service' (the real systemd asked)" \
  grep -q 'SUSE (sles): network.service is wicked.service' <<<"$doc"
# The daemon itself went the wicked way: it wrote ifcfg files and logged no NetworkManager.
hnvd_lines >"$RESULTS_DIR/hnvd-journal-sles.txt"
cat "$RESULTS_DIR/hnvd-journal-sles.txt"
check s.journal-ifcfg "the daemon's journal: 'wrote $WK_DIR/$BF'" grep -q "wrote $WK_DIR/$BF" "$RESULTS_DIR/hnvd-journal-sles.txt"
check s.journal-no-nm "no NetworkManager in the daemon's journal" sh -c "! grep -qi 'networkmanager' '$RESULTS_DIR/hnvd-journal-sles.txt'"
check s.journal-ready "'hnvd ready' in the journal" grep -q '^6 hnvd ready$' "$RESULTS_DIR/hnvd-journal-sles.txt"

# Ordering: declared (the unit's Before=, systemd's inverse After= on wicked.service) and actual.
before=$(systemctl show -p Before $UNIT)
after_w=$(systemctl show -p After wicked.service)
echo "$UNIT $before"
echo "wicked.service $after_w"
check s.order-before "$UNIT Before= has wicked.service" grep -qw 'wicked.service' <<<"$before"
check s.order-after "wicked.service After= has $UNIT" grep -qw "$UNIT" <<<"$after_w"
# The boot's journal (systemd's own messages, by MESSAGE_ID): hcn-init "Started" (job done:
# READY=1 received) and wicked.service "Starting", monotonic.
started_id=39f53479d3a045ac8e11786248231fbf
starting_id=7d4958e842da4a758f6c1cdc7b36dcc5
jmono() { # UNIT MESSAGE_ID -> first monotonic usec
  journalctl -b _PID=1 -o json --no-pager | jq -r --arg u "$1" --arg m "$2" \
    'select(.UNIT == $u and .MESSAGE_ID == $m) | .__MONOTONIC_TIMESTAMP' | head -n1
}
h_started=$(jmono "$UNIT" "$started_id")
w_starting=$(jmono wicked.service "$starting_id")
w_started=$(jmono wicked.service "$started_id")
echo "journal (monotonic us): $UNIT started ${h_started:-?}, wicked.service starting ${w_starting:-?}, started ${w_started:-?}"
journalctl -b _PID=1 -o short-monotonic --no-pager | grep -E 'hcn-init|wicked|Hybrid' | head -n 20
check s.order-boot-journal "journal: $UNIT started (${h_started:-never}) before wicked.service starting (${w_starting:-never})" \
  awk -v h="${h_started:-}" -v w="${w_starting:-}" 'BEGIN { exit !(h != "" && w != "" && h + 0 <= w + 0) }'
h_ready=$(prop $UNIT ActiveEnterTimestampMonotonic)
w_exit=$(prop wicked.service InactiveExitTimestampMonotonic)
check s.order-boot-props "READY of $UNIT ($(mono_s "$h_ready")s) <= wicked.service leaving inactive ($(mono_s "$w_exit")s)" \
  awk -v h="$h_ready" -v w="$w_exit" 'BEGIN { exit !(h + 0 > 0 && h + 0 <= w + 0) }'
check s.ifcfg-bond "$WK_DIR/$BF written" test -s "$WK_DIR/$BF"
echo "--- $BF:"; sed 's/^/    /' "$WK_DIR/$BF" 2>/dev/null
check s.converged "through wicked: active_slave=$VF1, primary=$VF1, $BK enslaved" wait_for 60 "converged" converged "$VF1"
wstate=$(wicked ifstatus --brief "$B" 2>/dev/null | awk '{print $2; exit}')
expect_eq s.wicked-up up "$wstate" "wicked ifstatus --brief $B"
vf_up=$(journalctl -b -k -o short-monotonic --no-pager | sed -n "s/^\[ *\([0-9.]*\)\].*$B: (slave $VF1): making interface the new active one.*/\1/p" | head -n1)
online=$(mono_s "$(prop network-online.target ActiveEnterTimestampMonotonic)")
check s.vf-before-online "VF active at ${vf_up:-never}s, network-online.target at ${online}s" \
  awk -v v="${vf_up:-}" -v o="$online" 'BEGIN { exit !(v != "" && v + 0 <= o + 0) }'
systemd-analyze critical-chain wicked.service --no-pager >"$RESULTS_DIR/critical-chain.txt" 2>&1
cat "$RESULTS_DIR/critical-chain.txt"
systemd-analyze security $UNIT --no-pager >"$RESULTS_DIR/security.txt" 2>&1
score=$(sed -n "s/.*Overall exposure level for $UNIT: \([0-9.]*\).*/\1/p" "$RESULTS_DIR/security.txt")
check s.exposure "systemd-analyze security (running unit): ${score:-none} <= 2.5" \
  awk -v s="${score:-99}" 'BEGIN { exit !(s + 0 <= 2.5) }'

# ================================================================================================
step "w: the daemon runs 'wicked ifup' from inside hcn-init's sandbox"
n0=$(journal_count "^wicked ifup $B\$")
inst hcnrmdev DRC_INDEX=$BK_DRC HCN_ID=$ID
expect_eq w.rmdev-backup 0 "$RC" "hcnrmdev of the backup: exit"
check w.backup-out "$BK left $B" wait_for 30 "backup out" not_slave "$B" "$BK"
inst hcncfgdrc DRC_INDEX=$BK_DRC
expect_eq w.cfgdrc-backup 0 "$RC" "hcncfgdrc of the backup: exit (the daemon ran wicked in its sandbox)"
check w.backup-back "$BK back in $B, $VF1 active" wait_for 30 "backup back" converged "$VF1"
n1=$(journal_count "^wicked ifup $B\$")
check w.ifup-logged "'wicked ifup $B' logged by the daemon after the cfgdrc ($n0 -> $n1)" test "$n1" -gt "$n0"
check w.no-failure "no 'failed with exit code' / 'rolling back' in the daemon's journal" \
  sh -c "! journalctl -b -u $UNIT -o cat --no-pager | grep -qE 'failed with exit code|rolling back|cannot run'"
expect_eq w.no-restart 0 "$(prop $UNIT NRestarts)" "NRestarts of $UNIT (the sandboxed wicked calls did not kill the daemon)"

# ================================================================================================
step "admin: the bond's IP the SLES way (BOOTPROTO='static', IPADDR in $BF, wicked ifreload $B)"
# As YaST writes it: BOOTPROTO static (hnvd's new bond file says 'none', under which wicked applies
# no address at all) and IPADDR; hnvd keeps both through its rewrites (checked after m).
sed -i "s/^BOOTPROTO=.*/BOOTPROTO='static'/" "$WK_DIR/$BF"
printf "IPADDR='%s/16'\n" "$IP" >>"$WK_DIR/$BF"
ADMIN_LINE="IPADDR='$IP/16'"
inst_rc() { "$@"; RC=$?; }
echo "\$ wicked ifreload $B"
inst_rc wicked ifreload "$B"
expect_eq admin.ifreload 0 "$RC" "wicked ifreload $B: exit"
check admin.bond-ip "$IP on $B after the reload" wait_for 30 "bond IP" has_ip "$B" "$IP/16"
# Keep the migration below measurable even if the reload did not apply the address.
has_ip "$B" "$IP/16" || show wicked ifup "$B"
check admin.reachable "remote host pings $IP" wait_for 30 "ping" remote ping -c1 -W1 "$IP"
check admin.converged "still converged after the reload" wait_for 30 "converged" converged "$VF1"

# ================================================================================================
step "m: live migration through the installed DynamicRM names, wicked backend, 1 ms ping stream"
ifindex0=$(bond_ifindex "$B")
meter_start lpm "$IP" 0.001
wait_for 10 "meter running" sh -c "grep -q 'bytes from' '$RESULTS_DIR/meter-lpm.ping'"
meter_mark lpm qrydev
inst hcnqrydev DRC_INDEX=$VF1_DRC HCN_ID=$ID
expect_eq m.qrydev 0 "$RC" "hcnqrydev of the VF: exit (safe)"
meter_mark lpm rmdev
inst hcnrmdev DRC_INDEX=$VF1_DRC HCN_ID=$ID
expect_eq m.rmdev 0 "$RC" "hcnrmdev of the VF: exit"
check m.backup-active "$BK active after hcnrmdev" wait_for 20 "backup active" bond_is_active "$B" "$BK"
meter_mark lpm hot-remove
dlpar_remove "$LPAR" "/pci@$VF1_PHB" "$VF1"
nap 2
meter_mark lpm hot-add
dlpar_add_vf "$LPAR" "$VF2_PHB" "$VF2_DRC" "$ID" primary "$VF2" "$VF2_MAC"
nap 2
meter_mark lpm cfgdrc-new-vf
inst hcncfgdrc DRC_INDEX=$VF2_DRC
expect_eq m.cfgdrc-new-vf 0 "$RC" "hcncfgdrc of the new VF: exit"
check m.new-vf-active "$VF2 active and primary, $BK enslaved" wait_for 30 "new VF" converged "$VF2"
meter_mark lpm settle
nap 2
meter_stop lpm
lost=$(meter_field lpm lost)
sent=$(meter_field lpm sent)
grep '^phase' "$RESULTS_DIR/meter-lpm.txt" 2>/dev/null
expect_eq m.zero-lost 0 "${lost:-?}" "packets lost over the whole sequence ($sent sent, 1 ms interval)"
expect_eq m.same-bond "$ifindex0" "$(bond_ifindex "$B")" "bond ifindex"
check m.ifcfg-primary "$BF has primary=$VF2" grep -q "primary=$VF2" "$WK_DIR/$BF"
check m.admin-key-kept "$BF still has $ADMIN_LINE and BOOTPROTO='static'" \
  sh -c "grep -qxF \"$ADMIN_LINE\" '$WK_DIR/$BF' && grep -qx \"BOOTPROTO='static'\" '$WK_DIR/$BF'"
check m.admin-ip-kept "$IP still on $B" has_ip "$B" "$IP/16"
echo "--- $BF:"; sed 's/^/    /' "$WK_DIR/$BF"

step "journal of $UNIT (this boot)"
journalctl -b -u "$UNIT" --no-pager -o short-monotonic | tail -n 200
journalctl -b -u wickedd.service -u wickedd-nanny.service -u wicked.service --no-pager -o short-monotonic | tail -n 100
bond_dump "$B" end
t2_exit
