# shellcheck shell=bash
# Helpers for scenario scripts running INSIDE a UML guest started by scripts/uml/run-guest:
# a simulated LPAR network, bounded waits, kernel bond truth, a packet-loss meter and a simulated
# Power device tree. Source it:  . "$REPO/scripts/uml/lib.sh"
#
# The simulated network (all link-local, nothing leaves the guest):
#
#   [remote netns]  rem0 169.254.10.2/16
#        |
#      rem0-p ---- sw0 (bridge, the "switch") ---- <nic>-p  ...  one per LPAR device
#                                                    |
#                                                  <nic>  (guest root netns, NetworkManager-managed)
#
# NetworkManager leaves *-p and sw* unmanaged (NetworkManager.conf written by guest-init).
# Every wait is bounded; functions return non-zero (and say why on stderr) instead of hanging.

RIG_SWITCH=${RIG_SWITCH:-sw0}
RIG_REMOTE_NS=${RIG_REMOTE_NS:-remote}
RIG_REMOTE_IP=${RIG_REMOTE_IP:-169.254.10.2/16}
RIG_WORK=${RIG_WORK:-/run/hnvd-rig/work}
RIG_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$RIG_WORK"

# --- small utilities ----------------------------------------------------------------------------

# now: wall-clock seconds with microseconds (no fork; same clock as ping -D).
now() { echo "${EPOCHREALTIME}"; }

# nap SECONDS: sleep without forking (a fork+exec costs 10-50 ms in UML): a read with a timeout on
# a pipe nobody writes to. Falls back to sleep.
if exec {RIG_NAP_FD}<> <(:) 2>/dev/null; then
  nap() { read -r -t "$1" -u "$RIG_NAP_FD" _ || :; }
else
  nap() { sleep "$1"; }
fi

# log MSG...: timestamped line on stderr.
log() { printf '[%s] %s\n' "${EPOCHREALTIME}" "$*" >&2; }

# now_us: wall-clock microseconds as an integer (no fork).
now_us() { local t=${EPOCHREALTIME}; echo "${t/./}"; }

# ms_since START [END]: whole milliseconds from a ${EPOCHREALTIME} value to END (default: now).
# Capture times with ${EPOCHREALTIME} directly, not $(now): under load a fork in UML can take
# seconds and would distort the number.
ms_since() { local e=${2:-${EPOCHREALTIME}}; echo $(((${e/./} - ${1/./}) / 1000)); }

# wait_for TIMEOUT_S DESCRIPTION CMD [ARGS...]: run CMD every 20 ms until it succeeds (CMD may be
# a shell function: the bond_* predicates below read sysfs without forking).
# Returns 0 when it did (WAIT_MS = how long it took), 1 after TIMEOUT_S (message on stderr).
wait_for() {
  local timeout=$1 desc=$2 start deadline t
  shift 2
  start=${EPOCHREALTIME}
  # deadline in microseconds; TIMEOUT may have a fraction (e.g. 0.5)
  local whole=${timeout%%.*} frac=
  [[ $timeout == *.* ]] && frac=${timeout#*.}
  frac=${frac}000000
  deadline=$((${start/./} + ${whole:-0} * 1000000 + 10#${frac:0:6}))
  while :; do
    if "$@" >/dev/null 2>&1; then
      t=${EPOCHREALTIME}
      WAIT_MS=$(((${t/./} - ${start/./}) / 1000))
      return 0
    fi
    t=${EPOCHREALTIME}
    if [ "${t/./}" -ge "$deadline" ]; then
      WAIT_MS=$(((${t/./} - ${start/./}) / 1000))
      log "wait_for: TIMEOUT after ${timeout}s: $desc"
      return 1
    fi
    nap 0.02
  done
}

# nmc: nmcli without colours (the console would get escape codes); with run-guest --nm SUITE the
# nmcli of that NetworkManager's root (RIG_NM_ROOT), so client and daemon versions match.
if [ -n "${RIG_NM_ROOT:-}" ]; then
  nmc() { chroot "$RIG_NM_ROOT" nmcli -c no "$@"; }
else
  nmc() { nmcli -c no "$@"; }
fi

# --- the simulated network ------------------------------------------------------------------------

# sw_create: the switch bridge and the "remote host" netns plugged into it (address RIG_REMOTE_IP).
sw_create() {
  ip link add "$RIG_SWITCH" type bridge forward_delay 0 stp_state 0
  ip link set "$RIG_SWITCH" up
  ip netns add "$RIG_REMOTE_NS"
  ip link add rem0 type veth peer name rem0-p
  ip link set rem0 netns "$RIG_REMOTE_NS"
  ip link set rem0-p master "$RIG_SWITCH" up
  ip -n "$RIG_REMOTE_NS" link set lo up
  ip -n "$RIG_REMOTE_NS" addr add "$RIG_REMOTE_IP" dev rem0
  ip -n "$RIG_REMOTE_NS" link set rem0 up
}

# remote CMD...: run a command on the remote host.
remote() { ip netns exec "$RIG_REMOTE_NS" "$@"; }

# nic_add NAME MAC: hot-add an LPAR device: veth NAME (left down, for NetworkManager) with peer
# NAME-p up in the switch. NAME at most 13 characters (the peer adds "-p").
nic_add() {
  local name=$1 mac=$2
  ip link add "$name" address "$mac" type veth peer name "$name-p"
  ip link set "$name-p" master "$RIG_SWITCH" up
}

# nic_remove NAME: hot-remove an LPAR device (deletes the veth pair, as a DLPAR remove would).
nic_remove() { ip link del "$1"; }

# peer_down NAME / peer_up NAME: cut / restore the device's cable (its carrier follows the peer).
peer_down() { ip link set "$1-p" down; }
peer_up() { ip link set "$1-p" up; }

# nic_mac NAME: the interface's current MAC.
nic_mac() { cat "/sys/class/net/$1/address"; }

# --- kernel truth about a bond --------------------------------------------------------------------

# _rd FILE: first line of FILE into REPLY, no fork ('' when missing).
_rd() { REPLY=; read -r REPLY <"$1" 2>/dev/null || :; }

bond_active() { _rd "/sys/class/net/$1/bonding/active_slave"; echo "$REPLY"; }
bond_primary() { _rd "/sys/class/net/$1/bonding/primary"; echo "$REPLY"; }
bond_slaves() { _rd "/sys/class/net/$1/bonding/slaves"; echo "$REPLY"; }
bond_ifindex() { _rd "/sys/class/net/$1/ifindex"; echo "$REPLY"; }

# bond_is_active BOND SLAVE: true when SLAVE is the bond's active slave (for wait_for).
bond_is_active() { _rd "/sys/class/net/$1/bonding/active_slave"; [ "$REPLY" = "$2" ]; }

# bond_primary_is BOND SLAVE: true when the kernel reports SLAVE as primary.
# NOTE: sysfs 'primary' shows the primary SLAVE, '' while the named port is not enslaved, although
# the kernel keeps the name (a port enslaved later under that name becomes primary at once).
bond_primary_is() { _rd "/sys/class/net/$1/bonding/primary"; [ "$REPLY" = "$2" ]; }

# bond_has_slave BOND SLAVE: true when SLAVE is enslaved.
bond_has_slave() {
  _rd "/sys/class/net/$1/bonding/slaves"
  case " $REPLY " in *" $2 "*) return 0 ;; esac
  return 1
}

# bond_dump BOND [LABEL]: kernel truth on stdout: /proc/net/bonding/BOND, active_slave, primary,
# slaves, addresses.
bond_dump() {
  local b=$1
  echo "=== bond $b ${2:-} at ${EPOCHREALTIME}"
  if [ ! -e "/sys/class/net/$b" ]; then echo "(no such bond)"; return 0; fi
  echo "active_slave=$(bond_active "$b") primary=$(bond_primary "$b") slaves=$(bond_slaves "$b")"
  echo "ifindex=$(bond_ifindex "$b") mac=$(nic_mac "$b")"
  cat "/proc/net/bonding/$b"
  ip -br addr show dev "$b"
}

# --- packet-stream meter --------------------------------------------------------------------------
# meter_start NAME TARGET_IP [INTERVAL]: ping TARGET_IP from the remote netns every INTERVAL seconds
# (default 0.002; UML's one CPU cannot send that fast anyway, about 250-500 packets/s),
# logging each reply with its receive time. meter_mark NAME LABEL starts a phase.
# meter_stop NAME writes $RESULTS_DIR/meter-NAME.{ping,marks,txt} and prints the summary
# (sent/received/lost, longest gap overall and per phase, see meter-report.awk).

# The logs go straight to $RESULTS_DIR (when set) so that a guest killed by the boot timeout
# still leaves them for `awk -f scripts/uml/meter-report.awk meter-NAME.marks meter-NAME.ping`.
_meter_dir() { echo "${RESULTS_DIR:-$RIG_WORK}"; }

meter_start() {
  local name=$1 target=$2 interval=${3:-0.002} dir
  dir=$(_meter_dir)
  : >"$dir/meter-$name.marks"
  meter_mark "$name" start
  # Normal priority: at nice -15 the pinger owned the guest's one CPU and a command's JVM took
  # 30-200 s to start instead of 3-5 s (docs/test-rig-uml.md, "Command times in the guest").
  ip netns exec "$RIG_REMOTE_NS" ping -D -n -i "$interval" "$target" \
    >"$dir/meter-$name.ping" 2>&1 &
  echo $! >"$RIG_WORK/meter-$name.pid"
}

meter_mark() {
  local name=$1
  shift
  echo "${EPOCHREALTIME} $*" >>"${RESULTS_DIR:-$RIG_WORK}/meter-$name.marks"
}

meter_stop() {
  local name=$1 pid i=0
  pid=$(cat "$RIG_WORK/meter-$name.pid")
  meter_mark "$name" stop
  kill -INT "$pid" 2>/dev/null
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
    # our child: a finished ping is a zombie until waited for
    [ "$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)" = Z ] && break
    sleep 0.1; i=$((i + 1))
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  meter_report "$name"
}

# meter_report NAME: (re)compute the summary into meter-NAME.txt and print it.
meter_report() {
  local name=$1 dir
  dir=$(_meter_dir)
  awk -f "$RIG_LIB_DIR/meter-report.awk" "$dir/meter-$name.marks" "$dir/meter-$name.ping" \
    | tee "$dir/meter-$name.txt"
}

# --- simulated Power device tree ----------------------------------------------------------------
# Our tool runs with `--root <ROOT> --sysfs /sys`: <ROOT>/proc/device-tree and <ROOT>/proc/cpuinfo
# are read from here; the veths are found by local-mac-address (no devspec for a veth).
# Numbers are hex without 0x (e.g. hcn-id 1a2b, drc-index 20000001); MODE is primary or backup.

# _dt_be32 HEX: 4 bytes big-endian on stdout.
_dt_be32() {
  local v=$((16#$1))
  printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(((v >> 24) & 255)) $(((v >> 16) & 255)) \
    $(((v >> 8) & 255)) $((v & 255)))"
}

# _dt_mac aa:bb:cc:dd:ee:ff: 6 bytes on stdout.
_dt_mac() {
  local IFS=: b fmt=''
  for b in $1; do fmt+=$(printf '\\%03o' $((16#$b))); done
  printf "$fmt"
}

# _dt_str TEXT: NUL-terminated string.
_dt_str() { printf '%s\0' "$1"; }

# dt_init ROOT: an empty pSeries LPAR: /proc/cpuinfo with "platform : pSeries", device_type chrp,
# ibm,migratable-partition, /vdevice.
dt_init() {
  local root=$1 dt=$1/proc/device-tree
  mkdir -p "$dt/vdevice"
  cat >"$root/proc/cpuinfo" <<'EOF'
processor	: 0
cpu		: POWER10 (architected), altivec supported
clock		: 3900.000000MHz
revision	: 2.0 (pvr 0080 0200)

timebase	: 512000000
platform	: pSeries
model		: IBM,9080-HEX
machine		: CHRP IBM,9080-HEX
MMU		: Radix
EOF
  _dt_str chrp >"$dt/device_type"
  _dt_str "IBM,9080-HEX" >"$dt/model"
  : >"$dt/ibm,migratable-partition"
  _dt_str vdevice >"$dt/vdevice/name"
}

# dt_vf ROOT PHB DRC HCNID MODE MAC [N]: SR-IOV VF /pci@PHB/ethernet@N (N default 0); the PHB node
# carries ibm,my-drc-index, the ethernet node hcn-id/mode, local-mac-address, Mellanox vendor-id.
dt_vf() {
  local root=$1 phb=$2 drc=$3 hcn=$4 mode=$5 mac=$6 n=${7:-0}
  local node=$root/proc/device-tree/pci@$phb
  mkdir -p "$node/ethernet@$n"
  _dt_be32 "$drc" >"$node/ibm,my-drc-index"
  _dt_str pci >"$node/name"
  _dt_str pci >"$node/device_type"
  node=$node/ethernet@$n
  _dt_str ethernet >"$node/name"
  _dt_str network >"$node/device_type"
  _dt_be32 "$hcn" >"$node/ibm,hcn-id"
  _dt_str "$mode" >"$node/ibm,hcn-mode"
  _dt_mac "$mac" >"$node/local-mac-address"
  _dt_be32 15b3 >"$node/vendor-id"
  _dt_be32 101e >"$node/device-id"
  _dt_str "U78DA.ND0.WZS0001-P0-C1-T1-S$n" >"$node/ibm,loc-code"
}

# dt_vnic ROOT UNIT DRC HCNID MODE MAC: ibmvnic backup /vdevice/vnic@UNIT.
dt_vnic() { _dt_vdev vnic "IBM,vnic" "$@"; }

# dt_llan ROOT UNIT DRC HCNID MODE MAC: ibmveth backup /vdevice/l-lan@UNIT.
dt_llan() { _dt_vdev l-lan "IBM,l-lan" "$@"; }

_dt_vdev() {
  local kind=$1 compat=$2 root=$3 unit=$4 drc=$5 hcn=$6 mode=$7 mac=$8
  local node=$root/proc/device-tree/vdevice/$kind@$unit
  mkdir -p "$node"
  _dt_str "$kind" >"$node/name"
  _dt_str network >"$node/device_type"
  _dt_str "$compat" >"$node/compatible"
  _dt_be32 "$unit" >"$node/reg"
  _dt_be32 "$drc" >"$node/ibm,my-drc-index"
  _dt_be32 "$hcn" >"$node/ibm,hcn-id"
  _dt_str "$mode" >"$node/ibm,hcn-mode"
  _dt_mac "$mac" >"$node/local-mac-address"
  _dt_str "U9080.HEX.1234567-V2-C$((16#$unit & 255))-T0" >"$node/ibm,loc-code"
}

# dt_remove ROOT OFPATH: remove a node (DLPAR remove), e.g. dt_remove /run/lpar /pci@800000020000001
dt_remove() { rm -rf "${1:?}/proc/device-tree/${2#/}"; }

# --- DLPAR: the hypervisor adding / removing a device ------------------------------------------
# dlpar_add_vf ROOT PHB DRC HCNID MODE NAME MAC: the device-tree node first, then the interface
# (as on Power: the OF node exists before the driver probes).
dlpar_add_vf() {
  dt_vf "$1" "$2" "$3" "$4" "$5" "$7"
  nic_add "$6" "$7"
}

# dlpar_add_vnic ROOT UNIT DRC HCNID MODE NAME MAC (ibmvnic backup); dlpar_add_llan likewise.
dlpar_add_vnic() { dt_vnic "$1" "$2" "$3" "$4" "$5" "$7"; nic_add "$6" "$7"; }
dlpar_add_llan() { dt_llan "$1" "$2" "$3" "$4" "$5" "$7"; nic_add "$6" "$7"; }

# dlpar_remove ROOT OFPATH NAME: the interface disappears, then the node.
dlpar_remove() { nic_remove "$3"; dt_remove "$1" "$2"; }
