package dev.hnvd.engine;

import dev.hnvd.plan.PathEvidence;
import java.util.List;

/**
 * Where the LPM gate gets its path evidence for a bond's ports: the daemon's kept evidence (read,
 * never probed on the caller's time), a command's bounded one-shot look when no daemon runs, or
 * nothing (a fixture's sysfs: the gate then says it checked carrier only).
 */
@FunctionalInterface
public interface PathWatch {
  PathEvidence evidence(String bond, List<String> ports);

  static PathWatch none(String why) {
    return (bond, ports) -> PathEvidence.unknown(why);
  }
}
