package dev.hnvd.daemon;

import dev.hnvd.model.HnvException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon does after a replan fails: when to try again (15 s, doubling to 5 min while it
 * keeps failing) and what to tell the admin (the failure once, with what would fix it; its repeats
 * as debug lines; the recovery once). Used on the loop only.
 */
final class ReplanFailures {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private volatile Duration firstDelay = Daemon.RETRY;
  private int inARow;
  private String said = "";
  private boolean lastFailed;

  /** Whether the last replan failed (systemctl status, and the "changes" line after a failure). */
  boolean lastFailed() {
    return lastFailed;
  }

  void succeeded(String why) {
    lastFailed = false;
    if (inARow > 0) {
      log.info("replan ({}) succeeded after {} failed attempt(s)", why, inARow);
    }
    inARow = 0;
    said = "";
  }

  /** Logs the failure; the wait before the next try, or empty when only a new event may help. */
  Optional<Duration> failed(String why, HnvException e) {
    lastFailed = true;
    if (!e.kind().retryable()) {
      // Waiting will not fix it (INVALID, NOT_SUPPORTED, NO_MODULE, NOT_PERMITTED): only a new event may.
      log.warn("replan ({}) failed: {}; trying again on the next event", why, e.getMessage());
      return Optional.empty();
    }
    Duration next = next();
    if (!said.equals(e.getMessage())) {
      said = String.valueOf(e.getMessage());
      log.warn("replan ({}) failed: {}; {}; trying again on the next event or in {} s, then less often (up to {} min)",
          why, e.getMessage(), fix(e.kind()), next.toSeconds(), Daemon.MAX_RETRY.toMinutes());
    } else {
      log.debug("replan ({}) failed again ({} in a row), next try in {} s: {}", why, inARow, next.toSeconds(),
          e.getMessage());
    }
    return Optional.of(next);
  }

  /** A bug, not a state of the system: logged with its trace; the wait before the next try. */
  Duration crashed(String why, RuntimeException e) {
    lastFailed = true;
    log.error("replan ({}) crashed: {}", why, e.toString(), e);
    return next();
  }

  private Duration next() {
    inARow++;
    return gap(inARow);
  }

  /** The wait after {@code n} failures in a row. */
  Duration gap(int n) {
    Duration d = firstDelay;
    for (int i = 1; i < n && d.compareTo(Daemon.MAX_RETRY) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(Daemon.MAX_RETRY) > 0 ? Daemon.MAX_RETRY : d;
  }

  /** Tests shorten the first wait. */
  void firstDelay(Duration d) {
    firstDelay = d;
  }

  /** What an admin can do about a failed replan, by its kind. */
  static String fix(HnvException.Kind kind) {
    return switch (kind) {
      case UNREACHABLE -> "start the connection manager (systemctl start NetworkManager; on SLES wicked); "
          + "hnvd configures the HNVs as soon as it answers";
      case CONFLICT -> "another NetworkManager client holds a checkpoint; NetworkManager rolls it back by itself";
      case NO_MODULE -> "load the bonding module (modprobe bonding)";
      case NOT_SUPPORTED -> "this system cannot run HNV (hnvctl doctor says why)";
      default -> "hnvctl doctor and journalctl -u hcn-init say more";
    };
  }
}
