# shellcheck shell=bash
# Tier 3: helpers of the check scripts (boot1.sh, boot2.sh, boot3.sh), which run under systemd as
# hnvd-rig-check.service with hnvd installed from its RPM. On top of lib.sh (network, waits, meter)
# and tier2-lib.sh (pass/fail/note/check, results.txt, NM inspection).
. "$REPO/scripts/uml/lib.sh"
. "$REPO/scripts/uml/scenarios/tier2-lib.sh"
. "$REPO/scripts/uml/installed/t3-env.sh"
# The installed commands run as the HMC runs them: no test environment.
unset HNVD_ROOT HNVD_SYSFS HNVD_BACKEND HNVD_CP HNVD_JAR
UNIT="hcn-init.service"
KEYS=/etc/NetworkManager/system-connections

# inst CMD ARGS...: an installed command by its installed name (/usr/sbin/CMD, as drmgr calls it);
# leaves OUT, RC, CMD_MS.
inst() {
  local s=${EPOCHREALTIME} cmd=$1
  shift
  echo "\$ /usr/sbin/$cmd $*"
  OUT=$(timeout -k 5 300 "/usr/sbin/$cmd" "$@" 2>&1)
  RC=$?
  CMD_MS=$(ms_since "$s")
  printf '%s\n' "$OUT" | sed 's/^/    /'
  echo "    (exit $RC, ${CMD_MS} ms)"
}

prop() { systemctl show -P "$2" "$1"; }
main_pid() { prop "$UNIT" MainPID; }
unit_active() { [ "$(systemctl is-active "$UNIT")" = active ]; }
# mono_s USEC: monotonic microseconds -> seconds with 3 decimals.
mono_s() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1e6 }'; }

# profiles: "NAME UUID" of every profile, sorted (what "no profile lost or changed" compares).
# NetworkManager's in-memory "lo" profile gets a new UUID at every start: not compared.
profiles() { nmc -g NAME,UUID,TYPE con show | grep -v ':loopback$' | sort; }
# foreign_sums: name and sha256 of the keyfiles of the foreign (admin's) profiles.
FOREIGN="notes-$B lan-spare"
foreign_sums() {
  local n f
  for n in $FOREIGN; do
    f=$(grep -l "^id=$n\$" "$KEYS"/* 2>/dev/null | head -n1)
    echo "$n ${f:+$(sha256sum <"$f" | cut -d' ' -f1)}"
  done
}
# converged BOND VF: the VF active and primary, the backup enslaved.
converged() { bond_is_active "$B" "$1" && bond_primary_is "$B" "$1" && bond_has_slave "$B" "$BK"; }
# hnvd_lines: the unit's journal messages of this boot, "PRIORITY MESSAGE".
hnvd_lines() { journalctl -b -u "$UNIT" -o json --no-pager | jq -r 'select(.SYSLOG_IDENTIFIER == "hnvd") | "\(.PRIORITY) \(.MESSAGE)"'; }

t3_finish() {
  step "journal of $UNIT (this boot)"
  journalctl -b -u "$UNIT" --no-pager -o short-monotonic | tail -n 200
  bond_dump "$B" end
  show nmc -f NAME,UUID,TYPE,DEVICE con show
  t2_exit
}
