#!/bin/bash
# Smoke + measurement scenario for the UML rig, nmcli only (runs inside the guest):
#   scripts/uml/run-guest /tmp/smoke scripts/uml/scenarios/smoke.sh [METHOD...]
# METHODs (one LPM cycle each, in order; default the first five):
#   sysfs+mod mod-only reapply conup samename   and the extra probes:
#   mod-first   nmcli con mod primary=NEW BEFORE the new port is added: pushed at attach time?
#   sysfs-only  sysfs write, profile left stale, then the backup port is re-attached (con up B-env3):
#               does NM put the old primary back?
#
# 1. java -version and a trivial Java start inside the guest (timed).
# 2. An HNV bond built the way a good tool would (one complete bond profile, ports with master),
#    VF active and primary, the backup standing by.
# 3. "Active LPM" cycles under a 2 ms ping stream from a remote host: delete the VF's port profile,
#    hot-remove the VF, hot-add a NEW VF under another name, add + activate ONLY its port, then make
#    it primary by one of these methods (one cycle each):
#      sysfs+mod  echo NEW > bonding/primary, then nmcli con mod (profile only, no re-activation)
#      mod-only   nmcli con mod only: does the kernel or NM switch by themselves?
#      reapply    nmcli con mod + nmcli device reapply BOND
#      conup      nmcli con mod + nmcli con up BOND (the reference tool's way)
#      samename   the new VF comes back under the OLD VF's name and nothing else is done
# 4. Unplanned failover: VF peer link down -> backup active; up -> VF active again.
# Writes $RESULTS_DIR/summary.txt (key=value) and meter-lpm.txt (per-phase loss and gaps).
# Exit 0 when every CHECK passed; observations (OBS) never fail the run.
set -u
. "$REPO/scripts/uml/lib.sh"

B=bond00001a2b
BOND_IP=169.254.10.1
BASE_OPTS=mode=active-backup,miimon=100,fail_over_mac=follow
BK=env3
BK_MAC=02:00:00:00:00:03
SUMMARY=$RESULTS_DIR/summary.txt
: >"$SUMMARY"
failures=0

say() { echo "$*"; echo "$*" >>"$SUMMARY"; }
check() { # check DESCRIPTION CMD...: a claim the rig must prove
  local desc=$1
  shift
  if "$@"; then say "CHECK ok   $desc"; else say "CHECK FAIL $desc"; failures=$((failures + 1)); fi
}
obs() { say "OBS  $*"; }
timed() { # timed KEY CMD...: run CMD, record KEY_ms
  local key=$1 start end rc
  shift
  start=${EPOCHREALTIME}
  "$@"
  rc=$?
  end=${EPOCHREALTIME}
  say "$key=$(ms_since "$start" "$end")ms rc=$rc"
  return $rc
}
bond_ap() { nmc -t -f NAME,ACTIVE-PATH con show --active | awk -F: -v b="$B" '$1 == b { print $2 }'; }
nm_knows() { nmc -g GENERAL.STATE dev show "$1" | grep -qv unmanaged; }
has_ip() { ip -4 addr show dev "$B" | grep -q "$BOND_IP/"; }

# --- 1. Java ------------------------------------------------------------------------------------
s=${EPOCHREALTIME}
if java -version >"$RESULTS_DIR/java-version.txt" 2>&1; then
  e=${EPOCHREALTIME}
  say "java_version_ms=$(ms_since "$s" "$e")"
  say "java_version=$(head -1 "$RESULTS_DIR/java-version.txt")"
  mkdir -p /tmp/hello
  printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
    >/tmp/hello/Hello.java
  s=${EPOCHREALTIME}; java /tmp/hello/Hello.java >/dev/null 2>&1; rc=$?; e=${EPOCHREALTIME}
  say "java_source_launch_ms=$(ms_since "$s" "$e") rc=$rc"
  if command -v javac >/dev/null; then
    javac -d /tmp/hello /tmp/hello/Hello.java
    s=${EPOCHREALTIME}; java -cp /tmp/hello Hello >/dev/null; e=${EPOCHREALTIME}
    say "java_hello_class_ms=$(ms_since "$s" "$e")"
    s=${EPOCHREALTIME}; java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp /tmp/hello Hello >/dev/null
    e=${EPOCHREALTIME}
    say "java_hello_class_c1_serial_ms=$(ms_since "$s" "$e")"
  fi
else
  say "CHECK FAIL java -version"; failures=$((failures + 1))
fi

# --- 2. the HNV bond ----------------------------------------------------------------------------
sw_create
nic_add enP1p0s0 02:00:00:00:01:01
nic_add "$BK" "$BK_MAC"
check "NM sees the VF and the backup" wait_for 10 "devices managed" \
  sh -c "nmcli -g GENERAL.STATE dev show enP1p0s0 | grep -qv unmanaged && nmcli -g GENERAL.STATE dev show $BK | grep -qv unmanaged"

timed bond_add nmc con add type bond con-name "$B" ifname "$B" \
  bond.options "$BASE_OPTS,primary=enP1p0s0" connection.autoconnect-slaves 1 \
  ipv4.method manual ipv4.addresses "$BOND_IP/16" ipv6.method disabled
timed port_add_vf nmc con add type ethernet con-name "$B-enP1p0s0" ifname enP1p0s0 master "$B" slave-type bond
timed port_add_bk nmc con add type ethernet con-name "$B-$BK" ifname "$BK" master "$B" slave-type bond
timed bond_up nmc con up "$B"
check "VF active after con up" wait_for 15 "VF active" bond_is_active "$B" enP1p0s0
say "vf_active_after_up_ms=$WAIT_MS"
check "backup enslaved" wait_for 10 "backup enslaved" bond_has_slave "$B" "$BK"
check "primary is the VF" wait_for 5 "primary set" sh -c "[ \"\$(cat /sys/class/net/$B/bonding/primary)\" = enP1p0s0 ]"
check "bond has its address" wait_for 10 "bond ip" has_ip
check "bond MAC follows the VF" sh -c "[ \"\$(cat /sys/class/net/$B/address)\" = 02:00:00:00:01:01 ]"
check "remote reaches the bond" wait_for 10 "ping" remote ping -c1 -W1 "$BOND_IP"
bond_dump "$B" initial >"$RESULTS_DIR/bond-initial.txt"
grep -E 'Bonding Mode|Primary Slave|Currently Active|MII Polling|Fail Over' "$RESULTS_DIR/bond-initial.txt"

# --- 3. active LPM cycles -----------------------------------------------------------------------
meter_start lpm "$BOND_IP"
sleep 1

# lpm_cycle LABEL OLD NEW NEWMAC METHOD
lpm_cycle() {
  local label=$1 old=$2 new=$3 mac=$4 method=$5 ap_before ap_after idx_before idx_after
  say "--- cycle $label: $old -> $new by $method"
  meter_mark lpm "$label/1-delete-port-$old"
  timed "${label}_port_delete" nmc con delete "$B-$old"
  check "$label: backup active after port delete" wait_for 5 "backup active" bond_is_active "$B" "$BK"
  say "${label}_backup_active_ms=$WAIT_MS"
  sleep 0.5
  meter_mark lpm "$label/2-hot-remove-$old"
  nic_remove "$old"
  sleep 0.5
  meter_mark lpm "$label/3-hot-add-$new"
  nic_add "$new" "$mac"
  check "$label: NM manages $new" wait_for 10 "NM knows $new" nm_knows "$new"
  if [ "$method" = mod-first ]; then
    # the profile names the new primary BEFORE its port exists: does NM push it at attach time?
    meter_mark lpm "$label/4a-con-mod-before-port"
    timed "${label}_con_mod_first" nmc con mod "$B" bond.options "$BASE_OPTS,primary=$new"
  fi
  meter_mark lpm "$label/4-add-up-port-$new"
  timed "${label}_port_add" nmc con add type ethernet con-name "$B-$new" ifname "$new" master "$B" slave-type bond
  # autoconnect may already have enslaved it; only activate the port when it has not
  if ! wait_for 2 "autoconnect enslaves $new" bond_has_slave "$B" "$new"; then
    timed "${label}_port_up" nmc con up "$B-$new"
  else
    obs "$label: NM autoconnected the new port ${WAIT_MS}ms after con add"
  fi
  check "$label: $new enslaved" wait_for 10 "$new enslaved" bond_has_slave "$B" "$new"
  obs "$label: after port up: active=$(bond_active "$B") primary='$(bond_primary "$B")'"
  sleep 0.5
  ap_before=$(bond_ap); idx_before=$(bond_ifindex "$B")
  meter_mark lpm "$label/5-primary-$method"
  local s t e e0
  s=${EPOCHREALTIME}
  t=$s   # t: start of the step that should make the kernel switch
  case "$method" in
    sysfs+mod)
      echo "$new" >"/sys/class/net/$B/bonding/primary"
      e0=${EPOCHREALTIME}
      wait_for 5 "$new active after sysfs" bond_is_active "$B" "$new" \
        && say "${label}_active_after_sysfs_write_ms=$WAIT_MS (the write itself: $(ms_since "$t" "$e0") ms)"
      timed "${label}_con_mod" nmc con mod "$B" bond.options "$BASE_OPTS,primary=$new" ;;
    mod-only)
      timed "${label}_con_mod" nmc con mod "$B" bond.options "$BASE_OPTS,primary=$new" ;;
    reapply)
      timed "${label}_con_mod" nmc con mod "$B" bond.options "$BASE_OPTS,primary=$new"
      t=${EPOCHREALTIME}
      timed "${label}_dev_reapply" nmc dev reapply "$B" ;;
    conup)
      timed "${label}_con_mod" nmc con mod "$B" bond.options "$BASE_OPTS,primary=$new"
      t=${EPOCHREALTIME}
      timed "${label}_con_up_bond" nmc con up "$B" ;;
    samename|mod-first) ;;
    sysfs-only)
      # profile left stale; then re-attach the backup port: does NM re-write the old primary?
      echo "$new" >"/sys/class/net/$B/bonding/primary"
      wait_for 5 "$new active after sysfs" bond_is_active "$B" "$new"
      meter_mark lpm "$label/5b-reattach-backup"
      timed "${label}_backup_port_up" nmc con up "$B-$BK"
      wait_for 10 "backup re-enslaved" bond_has_slave "$B" "$BK"
      obs "$label: after re-attaching $BK with a stale profile: active=$(bond_active "$B") primary='$(bond_primary "$B")'" ;;
  esac
  if wait_for 8 "$new active" bond_is_active "$B" "$new"; then
    e=${EPOCHREALTIME}
    say "${label}_new_active_ms=$(ms_since "$s" "$e") (after the trigger step: $(ms_since "$t" "$e") ms)"
    obs "$label: kernel made $new active"
  else
    obs "$label: $new NOT active 8 s after '$method' (active=$(bond_active "$B") primary='$(bond_primary "$B")')"
  fi
  sleep 2   # give NM time to react on its own
  ap_after=$(bond_ap); idx_after=$(bond_ifindex "$B")
  if [ "$ap_before" = "$ap_after" ]; then
    obs "$label: bond NOT re-activated by NM (active connection $ap_after kept)"
  else
    obs "$label: bond RE-ACTIVATED ($ap_before -> $ap_after)"
  fi
  [ "$idx_before" = "$idx_after" ] || obs "$label: bond ifindex changed $idx_before -> $idx_after"
  check "$label: bond still has its address" has_ip
  obs "$label: end: active=$(bond_active "$B") primary='$(bond_primary "$B")' slaves='$(bond_slaves "$B")' profile primary: $(nmc -g bond.options con show "$B")"
  bond_dump "$B" "after $label" >>"$RESULTS_DIR/bond-cycles.txt"
  # leave every cycle in the same state: the new VF active, whatever the method did
  if ! bond_is_active "$B" "$new"; then
    meter_mark lpm "$label/6-fixup-sysfs"
    echo "$new" >"/sys/class/net/$B/bonding/primary"
    wait_for 5 "fixup" bond_is_active "$B" "$new" || obs "$label: fixup failed"
  fi
  sleep 1
}

# Cycles to run: the scenario's arguments (method names), default all. Each new VF gets the next
# name enP<n>p0s0, except samename which re-uses the current one.
[ $# -gt 0 ] || set -- sysfs+mod mod-only reapply conup samename
cur=enP1p0s0
n=1
for method in "$@"; do
  n=$((n + 1))
  if [ "$method" = samename ]; then next=$cur; else next=enP${n}p0s0; fi
  lpm_cycle "c$((n - 1))" "$cur" "$next" "02:00:00:00:0$((n % 10)):0$((n / 10 + 1))" "$method"
  cur=$next
done

# --- 4. unplanned failover ------------------------------------------------------------------------
VF=$cur
say "--- failover on $VF"
meter_mark lpm "f/1-peer-down-$VF"
peer_down "$VF"
check "failover: backup active after VF link down" wait_for 5 "backup" bond_is_active "$B" "$BK"
say "failover_to_backup_ms=$WAIT_MS (after ip link set down returned)"
sleep 1
meter_mark lpm "f/2-peer-up-$VF"
peer_up "$VF"
check "failback: VF active again after link up" wait_for 5 "VF back" bond_is_active "$B" "$VF"
say "failback_to_vf_ms=$WAIT_MS (after ip link set up returned)"
check "failback: primary still $VF" sh -c "[ \"\$(cat /sys/class/net/$B/bonding/primary)\" = $VF ]"
sleep 1
meter_stop lpm >/dev/null
cat "$RESULTS_DIR/meter-lpm.txt" | tee -a "$SUMMARY"
bond_dump "$B" final >"$RESULTS_DIR/bond-final.txt"
nmc con show >"$RESULTS_DIR/nm-connections.txt"
cp -r /etc/NetworkManager/system-connections "$RESULTS_DIR/" 2>/dev/null

say "failures=$failures"
[ "$failures" = 0 ]
