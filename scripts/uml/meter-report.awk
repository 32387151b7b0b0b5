# Summarise a `ping -D -n` log: sent / received / lost and the longest gap between consecutive
# replies, overall and per phase. Phases come from a marks file ("<epoch seconds> <label>" per line,
# chronological); a gap or a run of missing sequence numbers belongs to the phase in which it
# STARTED (the last reply before the gap).
#
# usage: awk -f meter-report.awk MARKS_FILE PING_LOG
# Output: key=value lines, then one "phase" line per phase.
# Two gap measures: longest_gap_ms is any silence between replies; in UML the pinger itself stalls
# 30-400 ms now and then (no packet sent, none missing), so that is NOT an outage. An outage is a
# gap with missing sequence numbers: longest_loss_gap_ms / loss_events / per-phase loss_gap_ms.

FNR == NR {
  if (NF >= 2) {
    nmarks++
    mts[nmarks] = $1 + 0
    label = $2
    for (i = 3; i <= NF; i++) label = label " " $i
    mlabel[nmarks] = label
  }
  next
}

function phase_of(ts,    i, p) {
  p = 0
  for (i = 1; i <= nmarks; i++) if (mts[i] <= ts) p = i
  return p
}

/ bytes from / && /icmp_seq=/ {
  if ($0 ~ /DUP!/) { dups++; next }
  ts = substr($1, 2, length($1) - 2) + 0
  seq = $0
  sub(/.*icmp_seq=/, "", seq)
  sub(/[^0-9].*/, "", seq)
  seq += 0
  if (seq < lastraw) wrap += 65536
  lastraw = seq
  seq += wrap
  replies++
  if (replies == 1) { first_ts = ts; first_seq = seq }
  p = phase_of(ts)
  preplies[p]++
  if (replies > 1) {
    gap = ts - prev_ts
    missing = seq - prev_seq - 1
    if (missing < 0) missing = 0
    gp = phase_of(prev_ts)
    pmissing[gp] += missing
    if (gap > pmax[gp]) { pmax[gp] = gap; pmaxat[gp] = prev_ts }
    if (gap > maxgap) { maxgap = gap; maxgap_at = prev_ts; maxgap_phase = gp; maxgap_missing = missing }
    if (missing > 0) {
      loss_events++
      plossev[gp]++
      if (gap > plossgap[gp]) plossgap[gp] = gap
      if (gap > maxloss) { maxloss = gap; maxloss_at = prev_ts; maxloss_phase = gp; maxloss_missing = missing }
    }
  }
  prev_ts = ts
  prev_seq = seq
  next
}

/packets transmitted/ {
  sent = $1 + 0
  received = $4 + 0
}

END {
  t0 = (nmarks > 0) ? mts[1] : first_ts
  if (sent == 0) sent = (replies > 0) ? prev_seq - first_seq + 1 : 0
  if (received == 0) received = replies
  printf "sent=%d\nreceived=%d\nlost=%d\nduplicates=%d\n", sent, received, sent - received, dups
  dur = prev_ts - first_ts
  printf "duration_s=%.2f\n", dur
  printf "rate_pps=%.0f\n", (dur > 0) ? (replies - 1) / dur : 0
  printf "longest_gap_ms=%.1f\n", maxgap * 1000
  printf "longest_gap_missing=%d\n", maxgap_missing
  printf "longest_gap_phase=%s\n", (maxgap_phase in mlabel) ? mlabel[maxgap_phase] : "-"
  printf "longest_gap_at_s=%.3f\n", maxgap_at - t0
  printf "loss_events=%d\n", loss_events
  printf "longest_loss_gap_ms=%.1f\n", maxloss * 1000
  printf "longest_loss_gap_missing=%d\n", maxloss_missing
  printf "longest_loss_gap_phase=%s\n", (maxloss_phase in mlabel) ? mlabel[maxloss_phase] : "-"
  printf "longest_loss_gap_at_s=%.3f\n", (maxloss > 0) ? maxloss_at - t0 : 0
  for (i = 0; i <= nmarks; i++) {
    if (i == 0 && preplies[0] == 0 && pmissing[0] == 0) continue
    printf "phase %-30s start_s=%8.3f replies=%6d missing=%5d loss_events=%3d loss_gap_ms=%7.1f longest_gap_ms=%7.1f\n", \
      (i in mlabel) ? mlabel[i] : "(before-first-mark)", (i in mts) ? mts[i] - t0 : 0, \
      preplies[i], pmissing[i], plossev[i], plossgap[i] * 1000, pmax[i] * 1000
  }
}
