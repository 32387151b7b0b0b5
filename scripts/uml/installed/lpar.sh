#!/bin/bash
# Tier 3: the simulated LPAR, built by scripts/uml/installed/init BEFORE systemd starts, so that
# NetworkManager and hcn-init.service find it at boot as on a real LPAR.
#   lpar.sh boot      HCN 1a2b: VF enP1p0s0 (DRC 20000021) + vNIC env3 (backup)
#   lpar.sh after-lpm the VF the live migration of boot 1 ended with: enP2p0s0 (DRC 20000022)
#   lpar.sh migrated  the same HCN after an inactive migration: the old VF's node and device are
#                     gone, a new VF enP3p0s0 (DRC 20000031) takes its place; the vNIC stays
# Always: switch sw0, the remote host (netns "remote", 169.254.10.2/16), the device tree and a
# pSeries cpuinfo under /run/lpar (lib.sh's dt_* functions).
set -eu
. "$REPO/scripts/uml/lib.sh"
. "$REPO/scripts/uml/installed/t3-env.sh"
sw_create
dt_init "$LPAR"
case "${1:?phase}" in
boot)
  dt_vf "$LPAR" "$VF1_PHB" "$VF1_DRC" "$ID" primary "$VF1_MAC"
  nic_add "$VF1" "$VF1_MAC"
  ;;
after-lpm)
  dt_vf "$LPAR" "$VF2_PHB" "$VF2_DRC" "$ID" primary "$VF2_MAC"
  nic_add "$VF2" "$VF2_MAC"
  ;;
migrated)
  dt_vf "$LPAR" "$VF3_PHB" "$VF3_DRC" "$ID" primary "$VF3_MAC"
  nic_add "$VF3" "$VF3_MAC"
  ;;
*) echo "lpar.sh: unknown phase $1" >&2; exit 2 ;;
esac
dt_vnic "$LPAR" "$BK_DRC" "$BK_DRC" "$ID" backup "$BK_MAC"
nic_add "$BK" "$BK_MAC"
find "$LPAR" -type f | sort
ip -br link
