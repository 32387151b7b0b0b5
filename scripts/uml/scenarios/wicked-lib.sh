# shellcheck shell=bash
# Helpers for the tier-2 scenarios against REAL wicked (run-guest --manager wicked): lpm-wicked.sh,
# offline-wicked.sh. Source AFTER lib.sh and with T2_BACKEND=wicked set before tier2-lib.sh.
#
# The guest (scripts/uml/wicked-guest) runs wickedd + wickedd-nanny + wickedd-dhcp4 on its bus,
# with /etc/sysconfig/network a writable tmpfs. The product runs with --root $LPAR, so:
#   $LPAR/etc/sysconfig/network -> /etc/sysconfig/network (symlink: the same files wicked reads);
#   $LPAR/usr/sbin/wicked       -> a wrapper that runs the real client and appends one line per
#     call to $RESULTS_DIR/product-wicked.calls: "START END EXIT ARGS" ($EPOCHREALTIME clock), the
#     record of every ifup/ifdown the PRODUCT ran (admin commands are run directly, not through it).

WK_PREFIX=${RIG_WICKED_PREFIX:?run with scripts/uml/run-guest --manager wicked}
WK_DIR=/etc/sysconfig/network
WK_CALLS=$RESULTS_DIR/product-wicked.calls
export PATH=$WK_PREFIX/sbin:$PATH

wk_setup() {
  mkdir -p "$LPAR/etc/sysconfig" "$LPAR/usr/sbin"
  ln -sfn "$WK_DIR" "$LPAR/etc/sysconfig/network"
  : >"$WK_CALLS"
  cat >"$LPAR/usr/sbin/wicked" <<EOF
#!/bin/bash
s=\${EPOCHREALTIME}
"$WK_PREFIX/sbin/wicked" "\$@"
rc=\$?
echo "\$s \${EPOCHREALTIME} \$rc \$*" >>"$WK_CALLS"
exit \$rc
EOF
  chmod 0755 "$LPAR/usr/sbin/wicked"
}

# wk ARGS: an admin's wicked command (the real client, not the recording wrapper), shown.
wk() { show wicked "$@"; }

# wk_ifcfg NAME: write stdin as $WK_DIR/NAME, mode 0600 as YaST does.
wk_ifcfg() { cat >"$WK_DIR/$1"; chmod 0600 "$WK_DIR/$1"; }

# wk_sums FILE...: "name sha256" per file (what "untouched, byte for byte" compares).
wk_sums() { local f; for f in "$@"; do echo "$f $(sha256sum "$WK_DIR/$f" 2>/dev/null | cut -d' ' -f1)"; done; }

# wk_key FILE KEY: the single-quoted value of KEY in an ifcfg file ('' when absent).
wk_key() { sed -n "s/^$2='\\([^']*\\)'.*/\\1/p" "$WK_DIR/$1" 2>/dev/null | tail -n 1; }

# wk_overlaps START END: product wicked calls whose run overlaps [START, END] (prints them).
wk_overlaps() {
  awk -v s="$1" -v e="$2" '$1 <= e && $2 >= s' "$WK_CALLS"
}

# wk_calls_since START: product wicked calls that started after START.
wk_calls_since() { awk -v s="$1" '$1 >= s' "$WK_CALLS"; }

# has_ip IF CIDR
has_ip() { ip -4 -o addr show dev "$1" 2>/dev/null | grep -q " $2 "; }

# wk_state IF: wicked's own view ("up", "device-not-running", ...), first line of ifstatus.
wk_state() { wicked ifstatus --brief "$1" 2>/dev/null | awk '{print $2; exit}'; }

# wk_restart: stop and start wickedd, wickedd-nanny, wickedd-dhcp4 with fresh run-time state, as
# a reboot does (scripts/uml/wicked-guest --restart). Needed to model an inactive migration:
# wickedd-nanny 0.6.80 does not follow a kernel rename of a device it holds a policy for (nanny
# log: "policy__<new>: config name does not match policy name"; the renamed device is never
# enslaved), while on a real LPAR the rename happens at boot, before wicked starts.
wk_restart() {
  sh "$REPO/scripts/uml/wicked-guest" "$WK_PREFIX" "$RESULTS_DIR" --restart >>"$RESULTS_DIR/wicked-setup.log" 2>&1
}
