#!/bin/bash
# Tier 2, wicked backend: the bond options hnvd writes into ifcfg files are ones the kernel
# accepts. For each golden ifcfg-bond file (the exact bytes the product writes, checked by
# WickedGoldenTest), build the bond the file describes the way wicked would (ip link + bonding
# sysfs writes from BONDING_MODULE_OPTS, then the BONDING_SLAVE_N ports) and check
# /proc/net/bonding. Prints "PASS <case>" / "FAIL <case>: why"; exits non-zero on any FAIL.
set -u
golden="$REPO/src/test/resources/ifcfg/golden"
fails=0
n=0

value() { # FILE KEY -> the single-quoted value of KEY
  sed -n "s/^$2='\\([^']*\\)'.*/\\1/p" "$1" | tail -n 1
}

fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

for case in create-bond add-slave set-primary remove-slave; do
  file="$golden/$case/expected/ifcfg-bond00001a2b"
  [[ -f $file ]] || { fail "$case" "no $file"; continue; }
  n=$((n + 1))
  bond=bondk$n
  opts=$(value "$file" BONDING_MODULE_OPTS)
  mapfile -t slaves < <(grep -E "^BONDING_SLAVE_?[0-9]+=" "$file" | sed "s/^[^=]*='\\([^']*\\)'.*/\\1/")
  ip link add "$bond" type bond || { fail "$case" "ip link add"; continue; }
  ok=1
  primary=""
  # mode and fail_over_mac only change while the bond has no ports: write them first.
  for kv in $opts; do
    key=${kv%%=*} val=${kv#*=}
    if [[ $key == primary ]]; then primary=$val; continue; fi
    echo "$val" > "/sys/class/net/$bond/bonding/$key" 2>/tmp/err || { fail "$case" "kernel refused $kv: $(cat /tmp/err)"; ok=0; }
  done
  for s in "${slaves[@]}"; do
    ip link add "$s" type veth peer name "$s-p" 2>/dev/null || true
    ip link set "$s-p" up
    ip link set "$s" down
    ip link set "$s" master "$bond" || { fail "$case" "cannot enslave $s"; ok=0; }
  done
  if [[ -n $primary ]]; then
    echo "$primary" > "/sys/class/net/$bond/bonding/primary" 2>/tmp/err || { fail "$case" "kernel refused primary=$primary: $(cat /tmp/err)"; ok=0; }
  fi
  ip link set "$bond" up
  sleep 0.3
  info=$(cat "/proc/net/bonding/$bond")
  grep -q "Bonding Mode: fault-tolerance (active-backup) (fail_over_mac follow)" <<<"$info" || { fail "$case" "mode: $info"; ok=0; }
  grep -q "MII Polling Interval (ms): 100" <<<"$info" || { fail "$case" "miimon: $info"; ok=0; }
  if [[ -n $primary ]]; then
    grep -q "Primary Slave: $primary " <<<"$info" || { fail "$case" "primary: $info"; ok=0; }
  fi
  for s in "${slaves[@]}"; do
    grep -q "Slave Interface: $s\$" <<<"$info" || { fail "$case" "port $s missing: $info"; ok=0; }
  done
  ((ok)) && echo "PASS $case ($opts; ports ${slaves[*]})"
  ip link del "$bond"
  for s in "${slaves[@]}"; do ip link del "$s" 2>/dev/null || true; done
done
echo "$((n - fails)) passed, $fails failed"
exit $((fails > 0))
