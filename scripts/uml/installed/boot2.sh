#!/bin/bash
# Tier 3, boot 2 (LPAR phase "after-lpm": the VF boot 1's live migration ended with, enP2p0s0, and
# the vNIC), over boot 1's /etc/NetworkManager and /var/lib/hnvd. Check f: the bond comes back with
# the VF active and the IP the admin set with nmcli in boot 1; nothing was re-created.
set -u
. "$REPO/scripts/uml/installed/t3-lib.sh"
: >"$RESULTS"
boot1=$RESULTS_DIR/../boot1

step "f: reboot over the persistent /etc/NetworkManager and /var/lib/hnvd"
expect_eq f.active active "$(systemctl is-active $UNIT)" "systemctl is-active $UNIT"
check f.converged "$VF2 active and primary, $BK enslaved" wait_for 60 "converged" converged "$VF2"
check f.ip "the admin's $IP/16 on $B" wait_for 30 "bond IP" sh -c "ip -4 -br addr show dev $B | grep -q '$IP/16'"
check f.reachable "remote host pings $IP" wait_for 30 "ping" remote ping -c1 -W1 "$IP"
profiles >"$RESULTS_DIR/profiles-start.txt"
if [ -s "$boot1/profiles-end.txt" ]; then
  check f.same-profiles "the profiles boot 1 ended with (name, uuid), none added or lost" \
    cmp -s "$boot1/profiles-end.txt" "$RESULTS_DIR/profiles-start.txt"
else
  fail f.same-profiles "boot 1 left no profiles-end.txt"
fi
check f.ipv4-profile "ipv4.addresses of $B is the admin's" \
  sh -c "[ \"\$(nmcli -g ipv4.addresses con show $B)\" = '$IP/16' ]"
hnvd_lines >"$RESULTS_DIR/hnvd-journal-boot2.txt"
check f.no-changes "the boot reconcile changed nothing (no 'add profile' line)" \
  sh -c "! grep -q ' add profile ' '$RESULTS_DIR/hnvd-journal-boot2.txt'"
vf_up=$(journalctl -b -k -o short-monotonic --no-pager | sed -n "s/^\[ *\([0-9.]*\)\].*$B: (slave $VF2): making interface the new active one.*/\1/p" | head -n1)
online=$(mono_s "$(prop network-online.target ActiveEnterTimestampMonotonic)")
nm_active=$(mono_s "$(prop NetworkManager.service ActiveEnterTimestampMonotonic)")
echo "NM active ${nm_active}s, VF active ${vf_up:-?}s, network-online ${online}s"
check f.vf-before-online "VF active at ${vf_up:-never}s, network-online.target at ${online}s" \
  awk -v v="${vf_up:-}" -v o="$online" 'BEGIN { exit !(v != "" && v + 0 <= o + 0) }'
hnvd_ready=$(mono_s "$(prop $UNIT ActiveEnterTimestampMonotonic)")
hnvd_start=$(mono_s "$(prop $UNIT ExecMainStartTimestampMonotonic)")
note perf.hnvd-start-to-ready-ms "$(awk -v r="$hnvd_ready" -v s="$hnvd_start" 'BEGIN { printf "%d", (r - s) * 1000 }')"
note perf.nm-active-to-vf-active-ms "$(awk -v v="${vf_up:-0}" -v n="$nm_active" 'BEGIN { printf "%d", (v - n) * 1000 }')"
systemd-analyze critical-chain $UNIT --no-pager >"$RESULTS_DIR/critical-chain.txt" 2>&1
cat "$RESULTS_DIR/critical-chain.txt"
t3_finish
