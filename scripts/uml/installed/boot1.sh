#!/bin/bash
# Tier 3, boot 1 (LPAR phase "boot": VF enP1p0s0 + vNIC env3, HCN 1a2b), hnvd installed from its
# RPM and started by systemd. Checks a (boot), b (journal), h (D-Bus API), e (live migration through
# the installed DynamicRM names under a 1 ms ping stream), c (watchdog), d (kill -9 during an
# hcncfgdrc), i (stop leaves the network alone). Ends with the admin's IP on the bond, persisted for
# boot 2 (check f).
set -u
. "$REPO/scripts/uml/installed/t3-lib.sh"
: >"$RESULTS"

# ================================================================================================
step "a: boot with an HNV present"
expect_eq a.active active "$(systemctl is-active $UNIT)" "systemctl is-active $UNIT"
expect_eq a.type-notify notify "$(prop $UNIT Type)" "the unit is Type=notify: active means READY=1 was received"
st=$(prop $UNIT StatusText)
check a.ready-status "sd_notify STATUS: '$st'" test -n "$st"
check a.ready-journal "'hnvd ready' in the journal" sh -c "journalctl -b -u $UNIT -o cat | grep -qx 'hnvd ready'"
check a.vf-active "active_slave=$VF1, primary=$VF1, $BK enslaved" converged "$VF1"
# When did the kernel make the VF the active port (kernel log, monotonic), and when was
# network-online.target reached?
vf_up=$(journalctl -b -k -o short-monotonic --no-pager | sed -n "s/^\[ *\([0-9.]*\)\].*$B: (slave $VF1): making interface the new active one.*/\1/p" | head -n1)
online=$(mono_s "$(prop network-online.target ActiveEnterTimestampMonotonic)")
nm_active=$(mono_s "$(prop NetworkManager.service ActiveEnterTimestampMonotonic)")
hnvd_ready=$(mono_s "$(prop $UNIT ActiveEnterTimestampMonotonic)")
hnvd_start=$(mono_s "$(prop $UNIT ExecMainStartTimestampMonotonic)")
echo "NM active ${nm_active}s, hnvd started ${hnvd_start}s, VF active ${vf_up:-?}s, hnvd READY ${hnvd_ready}s, network-online ${online}s"
check a.vf-before-online "VF active at ${vf_up:-never}s, network-online.target at ${online}s" \
  awk -v v="${vf_up:-}" -v o="$online" 'BEGIN { exit !(v != "" && v + 0 <= o + 0) }'
check a.ready-before-online "READY at ${hnvd_ready}s <= network-online.target at ${online}s" \
  awk -v r="$hnvd_ready" -v o="$online" 'BEGIN { exit !(r + 0 <= o + 0) }'
note perf.nm-active-to-vf-active-ms "$(awk -v v="${vf_up:-0}" -v n="$nm_active" 'BEGIN { printf "%d", (v - n) * 1000 }')"
note perf.hnvd-start-to-ready-ms "$(awk -v r="$hnvd_ready" -v s="$hnvd_start" 'BEGIN { printf "%d", (r - s) * 1000 }')"
systemd-analyze critical-chain $UNIT --no-pager >"$RESULTS_DIR/critical-chain.txt" 2>&1
cat "$RESULTS_DIR/critical-chain.txt"
systemd-analyze security $UNIT --no-pager >"$RESULTS_DIR/security.txt" 2>&1
score=$(sed -n "s/.*Overall exposure level for $UNIT: \([0-9.]*\).*/\1/p" "$RESULTS_DIR/security.txt")
check a.exposure "systemd-analyze security (running unit, with the rig's drop-in): ${score:-none} <= 2.5" \
  awk -v s="${score:-99}" 'BEGIN { exit !(s + 0 <= 2.5) }'
# The unit's sandbox as the running daemon sees it (its mount namespace, its status).
pid=$(main_pid)
in_ns() { nsenter -t "$pid" -m sh -c "$1"; }
for d in /run/hnvd /run/lock /var/lib/hnvd "/sys/class/net/$B/bonding"; do
  check "a.sandbox-writable:$d" "$d writable in the unit's mount namespace" \
    in_ns "test -w '$d' && ! touch '$d/.t3-ro-probe' 2>&1 | grep -q 'Read-only'"
  in_ns "rm -f '$d/.t3-ro-probe'" 2>/dev/null
done
for d in /etc /usr/lib /var/lib/NetworkManager /root; do
  check "a.sandbox-readonly:$d" "$d not writable in the unit's mount namespace" \
    in_ns "! touch '$d/.t3-ro-probe' 2>/dev/null"
done
grep -E 'Seccomp:|CapBnd:|NoNewPrivs:' "/proc/$pid/status"
check a.sandbox-seccomp "system-call filter on (Seccomp: 2), JVM running" grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status"
check a.sandbox-caps "bounding set = CAP_NET_ADMIN + CAP_NET_RAW only" grep -q '^CapBnd:[[:space:]]*0000000000003000$' "/proc/$pid/status"
show systemctl status $UNIT --no-pager -l

# ================================================================================================
step "b: the journal tells the story (one line per action, journald priorities)"
hnvd_lines >"$RESULTS_DIR/hnvd-journal-boot1.txt"
cat "$RESULTS_DIR/hnvd-journal-boot1.txt"
j=$RESULTS_DIR/hnvd-journal-boot1.txt
one_line() { # NAME REGEX: exactly one info line (priority 6) matching
  local n
  n=$(grep -cE "^6 $2" "$j")
  expect_eq "$1" 1 "$n" "one priority-6 line matching '$2'"
}
one_line b.discovered "discovered HNV 0*$ID \($B\): $VF1 sriov primary DRC $VF1_DRC, $BK vnic backup DRC $BK_DRC$"
one_line b.bond-created "$B: create bond $B primary $VF1\$"
one_line b.port-vf "$B: add port $VF1 to $B\$"
one_line b.port-backup "$B: add port $BK to $B\$"
one_line b.ready "hnvd ready\$"
check b.priorities "every line has a journald priority 0-7, none above notice at a clean boot" \
  awk '$1 !~ /^[0-7]$/ { bad = 1 } $1 < 5 { bad = 1 } END { exit bad }' "$j"
check b.identifier "SYSLOG_IDENTIFIER=hnvd on the unit's lines" test -s "$j"

# ================================================================================================
step "admin: IP on the bond with nmcli (persisted for boot 2); foreign profiles"
show nmc con mod "$B" ipv4.method manual ipv4.addresses "$IP/16"
show nmc device reapply "$B"
check admin.bond-ip "$IP on $B" wait_for 30 "bond IP" sh -c "ip -4 -br addr show dev $B | grep -q '$IP/16'"
check admin.reachable "remote host pings $IP" wait_for 30 "ping" remote ping -c1 -W1 "$IP"
nmc con add type ethernet con-name "notes-$B" ifname nosuch0 connection.autoconnect no \
  ipv4.method manual ipv4.addresses 169.254.30.1/16 >/dev/null
nmc con add type ethernet con-name lan-spare ifname nosuch1 connection.autoconnect no >/dev/null
foreign_sums >"$RESULTS_DIR/foreign-boot1.txt"
cat "$RESULTS_DIR/foreign-boot1.txt"

# ================================================================================================
step "h: D-Bus API: root may call it, nobody may not"
busq() { busctl --system call dev.hnvd.Hnvd1 /dev/hnvd/Hnvd1 dev.hnvd.Hnvd1 "$@"; }
out=$(busq Query ss "$VF1_DRC" "$ID" 2>&1); rc=$?
echo "root Query: rc $rc: $out"
check h.root-query "root calls Query: reply 'is' with exit 0" sh -c "[ $rc = 0 ] && printf '%s' '$out' | grep -q '^is 0 '"
out=$(busq Status 2>&1); rc=$?
check h.root-status "root calls Status: a JSON string" sh -c "[ $rc = 0 ] && printf '%s' '$out' | grep -q '^s \"{'"
for m in "RemoveHnv s $ID" "RemoveDevice ss $VF1_DRC $ID" "Configure s $BK_DRC" "Scan"; do
  # shellcheck disable=SC2086
  out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups busctl --system call dev.hnvd.Hnvd1 \
    /dev/hnvd/Hnvd1 dev.hnvd.Hnvd1 $m 2>&1); rc=$?
  echo "nobody ${m%% *}: rc $rc: $out"
  check "h.nobody-${m%% *}" "nobody is denied ${m%% *}: $out" \
    sh -c "[ $rc != 0 ] && printf '%s' '$out' | grep -qi 'access.*denied\|not allowed\|AccessDenied'"
done
check h.still-converged "the bond is untouched after the denied calls" converged "$VF1"

# ================================================================================================
step "e: live migration through the installed DynamicRM names, 1 ms ping stream"
ifindex0=$(bond_ifindex "$B")
meter_start lpm "$IP" 0.001
wait_for 10 "meter running" sh -c "grep -q 'bytes from' '$RESULTS_DIR/meter-lpm.ping'"
meter_mark lpm cfgdrc-vf
inst hcncfgdrc DRC_INDEX=$VF1_DRC
expect_eq e.cfgdrc-vf 0 "$RC" "hcncfgdrc of the configured VF: exit"
meter_mark lpm cfgdrc-backup
inst hcncfgdrc DRC_INDEX=$BK_DRC
expect_eq e.cfgdrc-backup 0 "$RC" "hcncfgdrc of the backup: exit"
meter_mark lpm qrydev
inst hcnqrydev DRC_INDEX=$VF1_DRC HCN_ID=$ID
expect_eq e.qrydev 0 "$RC" "hcnqrydev of the VF: exit (safe)"
meter_mark lpm rmdev
inst hcnrmdev DRC_INDEX=$VF1_DRC HCN_ID=$ID
expect_eq e.rmdev 0 "$RC" "hcnrmdev of the VF: exit"
check e.backup-active "$BK active after hcnrmdev" wait_for 20 "backup active" bond_is_active "$B" "$BK"
meter_mark lpm hot-remove
dlpar_remove "$LPAR" "/pci@$VF1_PHB" "$VF1"
nap 2
meter_mark lpm hot-add
dlpar_add_vf "$LPAR" "$VF2_PHB" "$VF2_DRC" "$ID" primary "$VF2" "$VF2_MAC"
nap 2
meter_mark lpm cfgdrc-new-vf
inst hcncfgdrc DRC_INDEX=$VF2_DRC
expect_eq e.cfgdrc-new-vf 0 "$RC" "hcncfgdrc of the new VF: exit"
check e.new-vf-active "$VF2 active and primary, $BK enslaved" wait_for 30 "new VF" converged "$VF2"
meter_mark lpm settle
nap 2
meter_stop lpm
lost=$(meter_field lpm lost)
sent=$(meter_field lpm sent)
expect_eq e.zero-lost 0 "${lost:-?}" "packets lost over the whole sequence ($sent sent, 1 ms interval)"
expect_eq e.same-bond "$ifindex0" "$(bond_ifindex "$B")" "bond ifindex"

# ================================================================================================
step "c: watchdog: SIGSTOP the daemon"
profiles >"$RESULTS_DIR/profiles-c-before.txt"
restarts0=$(prop $UNIT NRestarts)
pid0=$(main_pid)
wd=$(prop $UNIT WatchdogUSec)
echo "MainPID $pid0, NRestarts $restarts0, WatchdogUSec $wd, RestartUSec $(prop $UNIT RestartUSec)"
t=${EPOCHREALTIME}
kill -STOP "$pid0"
# WatchdogSec 30 s + RestartSec 2 s (+ 10 s for a loaded UML)
if wait_for 42 "restarted" sh -c "[ \"\$(systemctl show -P NRestarts $UNIT)\" -gt $restarts0 ] && [ \"\$(systemctl show -P MainPID $UNIT)\" != $pid0 ] && [ \"\$(systemctl show -P MainPID $UNIT)\" != 0 ]"; then
  pass c.restarted "new MainPID $(main_pid) $(ms_since "$t") ms after SIGSTOP (limit WatchdogSec 30 s + RestartSec 2 s)"
else
  fail c.restarted "not restarted within 42 s of SIGSTOP (NRestarts $(prop $UNIT NRestarts), MainPID $(main_pid))"
fi
check c.journal-watchdog "systemd logged the watchdog timeout" \
  sh -c "journalctl -b -u $UNIT -o cat | grep -qi 'watchdog timeout'"
check c.active "active again (READY)" wait_for 120 "active" unit_active
check c.converged "$VF2 active and primary" wait_for 60 "converged" converged "$VF2"
profiles >"$RESULTS_DIR/profiles-c-after.txt"
check c.no-profile-lost "same profiles (name, uuid) before and after" \
  cmp -s "$RESULTS_DIR/profiles-c-before.txt" "$RESULTS_DIR/profiles-c-after.txt"

# ================================================================================================
step "d: kill -9 during an hcncfgdrc apply"
inst hcnrmdev DRC_INDEX=$BK_DRC HCN_ID=$ID
expect_eq d.rmdev-backup 0 "$RC" "hcnrmdev of the backup: exit"
check d.backup-out "$BK left $B" wait_for 30 "backup out" not_slave "$B" "$BK"
profiles >"$RESULTS_DIR/profiles-d-before.txt"
foreign_sums >"$RESULTS_DIR/foreign-d-before.txt"
restarts0=$(prop $UNIT NRestarts)
pid0=$(main_pid)
/usr/sbin/hcncfgdrc DRC_INDEX=$BK_DRC >"$RESULTS_DIR/d-cfgdrc.out" 2>&1 &
cmd_pid=$!
# The apply's first change: the backup's port profile written by NetworkManager. Polled every
# 5 ms without forking (a fork costs 10-50 ms in UML and the whole apply takes ~250 ms), and the
# daemon killed at once: mid-transaction, its NetworkManager checkpoint still open.
key="$KEYS/$B-$BK.nmconnection"
t=${EPOCHREALTIME}
tus=${t/./}
while [ ! -e "$key" ]; do
  e=${EPOCHREALTIME}
  (( ${e/./} - tus < 120000000 )) || break
  nap 0.005
done
if [ -e "$key" ]; then
  kill -9 "$pid0"
  pass d.killed "SIGKILL to $pid0 $(ms_since "$t") ms after hcncfgdrc started, as $key appeared"
else
  kill -9 "$pid0"
  fail d.killed "no port profile within 120 s; SIGKILL anyway"
fi
wait "$cmd_pid"
echo "hcncfgdrc (interrupted) exit $?: $(cat "$RESULTS_DIR/d-cfgdrc.out")"
check d.restarted "systemd restarted hcn-init" wait_for 60 "restarted" \
  sh -c "[ \"\$(systemctl show -P NRestarts $UNIT)\" -gt $restarts0 ]"
check d.active "active again" wait_for 120 "active" unit_active
check d.converged "$VF2 active + primary, $BK back in $B (device tree lists it)" \
  wait_for 180 "converged" converged "$VF2"
foreign_sums >"$RESULTS_DIR/foreign-d-after.txt"
note d.after-restart "$(journalctl -b -u $UNIT -o cat --no-pager | grep -iE 'checkpoint|rollback' | tail -n 3 | tr '\n' '|')"
check d.foreign-unchanged "foreign profiles byte for byte unchanged" \
  cmp -s "$RESULTS_DIR/foreign-d-before.txt" "$RESULTS_DIR/foreign-d-after.txt"
check d.no-duplicates "no duplicate profiles" test -z "$(duplicates)"
show nmc -f NAME,UUID con show

# ================================================================================================
step "i: systemctl stop leaves bonds and traffic alone"
ifindex0=$(bond_ifindex "$B")
meter_start stop "$IP" 0.005
wait_for 10 "meter running" sh -c "grep -q 'bytes from' '$RESULTS_DIR/meter-stop.ping'"
meter_mark stop stop
systemctl stop $UNIT
expect_eq i.stopped inactive "$(systemctl is-active $UNIT)" "after systemctl stop"
nap 3
meter_stop stop
expect_eq i.zero-lost 0 "$(meter_field stop lost)" "packets lost across the stop ($(meter_field stop sent) sent)"
check i.bond-kept "$B still there, same ifindex, $VF2 active" \
  sh -c "[ \"$(bond_ifindex "$B")\" = $ifindex0 ] && [ \"$(bond_active "$B")\" = $VF2 ]"
check i.ip-kept "$IP still on $B" sh -c "ip -4 -br addr show dev $B | grep -q '$IP/16'"
# The daemon's class-data archive is written by its own JVM when it stops (the launcher asks for
# it while there is none; docs/performance.md), inside the unit's sandbox; the next start maps it.
check i.cds-recorded "the daemon's JVM wrote /var/lib/hnvd/hnvd-daemon.jsa as it stopped" \
  test -s /var/lib/hnvd/hnvd-daemon.jsa
systemctl start $UNIT
check i.started-again "started again" wait_for 120 "active" unit_active
check i.cds-mapped "the restarted daemon maps its archive" \
  sh -c "grep -q hnvd-daemon.jsa /proc/\$(systemctl show -P MainPID $UNIT)/maps"
check i.converged-again "still converged" wait_for 60 "converged" converged "$VF2"
# For boot 2 (f): the profiles as the admin leaves them.
profiles >"$RESULTS_DIR/profiles-end.txt"

t3_finish
