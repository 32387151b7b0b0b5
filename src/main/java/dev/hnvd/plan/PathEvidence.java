package dev.hnvd.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What is known about the path behind each port of a bond: the last instant the port's path showed
 * life, and how (carrier alone says nothing on PowerVM: an ibmveth or vNIC keeps carrier when the
 * VIOS's SEA, its uplink or the switch port behind it is dead). Built by whoever watches the
 * ports (the daemon keeps it; a command without the daemon takes one bounded look); read by the
 * LPM gate ({@link Safety}), which decides with it.
 *
 * @param unknownWhy empty when the ports were watched; otherwise why not (a fixture's sysfs, no
 *     permission for a packet socket): the gate then falls back to carrier and says so
 * @param since when watching began: "never seen" means something only after a while of watching
 * @param ports per port name, the last sign of life; a port missing was never seen alive
 */
public record PathEvidence(Optional<String> unknownWhy, Instant since, Map<String, Seen> ports) {

  /**
   * One sign of life of a port's path.
   *
   * @param at when it was seen
   * @param source what was seen: "echo" (our own broadcast came back in through this port: the
   *     path from the LAN to the port works), "echo-out" (our broadcast, sent out of this port,
   *     came back in through another port of the bond), "rx" (the port's receive counter grew)
   */
  public record Seen(Instant at, String source) {}

  public PathEvidence {
    ports = Map.copyOf(ports);
  }

  /** No watching possible; {@code why} says what the answer then rests on. */
  public static PathEvidence unknown(String why) {
    return new PathEvidence(Optional.of(why), Instant.EPOCH, Map.of());
  }

  public boolean known() {
    return unknownWhy.isEmpty();
  }

  public Optional<Seen> seen(String port) {
    return Optional.ofNullable(ports.get(port));
  }

  /** Whether the port's path showed life within {@code window} before {@code now}. */
  public boolean alive(String port, Instant now, Duration window) {
    Seen s = ports.get(port);
    return s != null && !s.at().isBefore(now.minus(window));
  }

  /** "1.2 s ago (echo)" or "never in 7.0 s of watching", for reasons and status lines. */
  public String describe(String port, Instant now) {
    Seen s = ports.get(port);
    if (s == null) {
      return "path never answered in " + seconds(Duration.between(since, now)) + " of watching";
    }
    return "path answered " + seconds(Duration.between(s.at(), now)) + " ago (" + s.source() + ")";
  }

  static String seconds(Duration d) {
    long ms = Math.max(0, d.toMillis());
    return (ms / 1000) + "." + (ms % 1000) / 100 + " s";
  }
}
