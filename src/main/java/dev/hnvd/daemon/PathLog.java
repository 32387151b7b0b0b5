package dev.hnvd.daemon;

import dev.hnvd.plan.Gate;
import dev.hnvd.plan.PathEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's memory of each port's path (no I/O: {@link PathKeeper} feeds it, a test feeds it
 * with any clock): the last sign of life per port, the receive counters it last read, when each
 * bond was last probed, and whether a backup's path was last reported alive or dead. Called from
 * the keeper's thread and from the threads answering hcnqrydev: every method holds the lock.
 */
final class PathLog {
  /** A port silent this long gets a probe through its bond (docs/architecture.md). */
  static final Duration PROBE_AFTER = Duration.ofMillis(1500);
  /** Never two probes of one bond closer than this: at most one ARP per bond per second. */
  static final Duration PROBE_GAP = Duration.ofSeconds(1);

  private final Map<String, PathEvidence.Seen> seen = new HashMap<>();
  private final Map<String, Instant> watchedSince = new HashMap<>();
  private final Map<String, Long> rx = new HashMap<>();
  private final Map<String, Instant> probed = new HashMap<>();
  private final Map<String, Boolean> reported = new HashMap<>();

  /** Starts the clock of "never seen" for ports not watched before; forgets ports gone. */
  synchronized void watch(List<String> ports, Instant now) {
    for (String p : ports) {
      watchedSince.putIfAbsent(p, now);
    }
  }

  synchronized void forget(String port) {
    seen.remove(port);
    watchedSince.remove(port);
    rx.remove(port);
    reported.remove(port);
  }

  /**
   * A frame our bond sent came back in through {@code inPort}: the path from the LAN to it works,
   * and so does the way out of the port that sent it (the bond's active port then).
   */
  synchronized void echo(String inPort, String outPort, Instant at) {
    seen.put(inPort, new PathEvidence.Seen(at, "echo"));
    if (outPort != null && !outPort.isEmpty() && !outPort.equals(inPort)) {
      seen.put(outPort, new PathEvidence.Seen(at, "echo-out"));
    }
  }

  /**
   * The port's receive counter, read now. Growth counts as life only when {@code counts}: for a
   * backup whose echo is watched it does not, since on PowerVM other LPARs on the same virtual
   * switch keep an ibmveth's counter growing while the SEA behind it is dead.
   */
  synchronized void rx(String port, long packets, Instant at, boolean counts) {
    Long before = rx.put(port, packets);
    if (counts && before != null && packets != before) {
      PathEvidence.Seen s = seen.get(port);
      if (s == null || s.at().isBefore(at)) {
        seen.put(port, new PathEvidence.Seen(at, "rx"));
      }
    }
  }

  /**
   * Whether the bond should send a probe now: one of its {@code silent} candidates (ports with
   * carrier that are not the active one) showed nothing for {@link #PROBE_AFTER}, and the bond's
   * last probe is at least {@link #PROBE_GAP} old. Records the probe when it says yes.
   */
  synchronized boolean probeDue(String bond, List<String> candidates, Instant now) {
    Instant last = probed.get(bond);
    if (last != null && now.isBefore(last.plus(PROBE_GAP))) {
      return false;
    }
    for (String p : candidates) {
      PathEvidence.Seen s = seen.get(p);
      if (s == null || !s.source().equals("echo") || !now.isBefore(s.at().plus(PROBE_AFTER))) {
        probed.put(bond, now);
        return true;
      }
    }
    return false;
  }

  synchronized PathEvidence evidence(List<String> ports, Instant now) {
    Map<String, PathEvidence.Seen> out = new HashMap<>();
    Instant since = null;
    for (String p : ports) {
      Optional.ofNullable(seen.get(p)).ifPresent(s -> out.put(p, s));
      Instant w = watchedSince.getOrDefault(p, now);
      since = since == null || w.isAfter(since) ? w : since;
    }
    return new PathEvidence(Optional.empty(), since == null ? now : since, out);
  }

  /**
   * The journal's news about a backup port (one with carrier, not active): a line when its path
   * dies or comes back, nothing while it stays as it was. A port never seen is reported dead once
   * it was watched for the gate's window.
   */
  synchronized Optional<String> news(String bond, String port, Instant now) {
    PathEvidence e = evidence(List.of(port), now);
    boolean alive = e.alive(port, now, Gate.WINDOW);
    Boolean before = reported.get(port);
    if (before == null && !alive && now.isBefore(e.since().plus(Gate.WINDOW))) {
      return Optional.empty(); // too early to call it dead
    }
    reported.put(port, alive);
    if (before != null && before == alive || before == null && alive) {
      return Optional.empty();
    }
    return Optional.of(alive
        ? bond + ": backup " + port + "'s path answers again (" + e.describe(port, now) + ")"
        : bond + ": backup " + port + " has carrier but its " + e.describe(port, now)
            + ": a migration now would cut the LPAR off; hcnqrydev answers busy");
  }

  /** Clears what was reported about ports that are no more backups (active, no carrier). */
  synchronized void notBackup(String port) {
    reported.remove(port);
  }

  static List<String> others(List<String> ports, String active) {
    List<String> out = new ArrayList<>(ports);
    out.remove(active);
    return out;
  }
}
