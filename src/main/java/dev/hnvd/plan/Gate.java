package dev.hnvd.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How the LPM gate decides, and with what: the site's policy ({@code HNVD_MIGRATION_GATE} in
 * /etc/sysconfig/hnvd), the ports' path evidence, the instant of the question and how recent a
 * sign of life must be to count.
 */
public record Gate(Policy policy, PathEvidence evidence, Instant now, Duration window) {

  /**
   * How recent a port's last sign of life must be. The daemon probes a silent port every 1-2 s
   * (docs/architecture.md, "The migration gate sees the path"): 4 s is two to three lost probes in a
   * row, which a healthy LAN never shows, and still answers "busy" within 4 s of a cut.
   */
  public static final Duration WINDOW = Duration.ofSeconds(4);

  public enum Policy {
    /** hcnmgr's rule: another port with carrier is enough. */
    CARRIER,
    /** Another port must have carrier and a path that answered within the window (default). */
    PATH;

    /** {@code carrier} or {@code path} (any case); anything else is refused with the choices. */
    public static Policy parse(String s) {
      return switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "carrier" -> CARRIER;
        case "path" -> PATH;
        default -> throw new IllegalArgumentException(
            "HNVD_MIGRATION_GATE must be 'path' or 'carrier', not '" + s + "'");
      };
    }

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** hcnmgr's rule, no evidence needed. */
  public static Gate carrier() {
    return new Gate(Policy.CARRIER, PathEvidence.unknown("carrier policy"), Instant.EPOCH, WINDOW);
  }
}
