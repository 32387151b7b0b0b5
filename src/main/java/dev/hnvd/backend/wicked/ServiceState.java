package dev.hnvd.backend.wicked;

import dev.hnvd.backend.UnitStates;
import dev.hnvd.model.HnvException;

/**
 * Whether {@code wicked.service} is running. Wicked calls ({@code ifup}, {@code ifdown}) are made
 * only when it is; otherwise the backend just prepares the ifcfg files for its next start (hcnmgr
 * called {@code wicked ifup} regardless).
 */
@FunctionalInterface
public interface ServiceState {

  boolean wickedActive();

  /** Asks systemd on every call (the service can start or stop while the daemon runs). */
  static ServiceState of(UnitStates units) {
    return () -> {
      try {
        return units.load("wicked.service").active();
      } catch (HnvException e) {
        return false; // no systemd answer: treat as not running, files still get written
      }
    };
  }
}
