package dev.hnvd.backend.wicked;

import dev.hnvd.backend.UnitStates;
import dev.hnvd.model.HnvException;
import java.util.function.BooleanSupplier;

/**
 * Whether wicked runs, i.e. whether {@code wicked ifup}/{@code ifdown} may be called. Wicked calls
 * are made only when it does; otherwise the backend just prepares the ifcfg files for its next
 * start (hcnmgr called {@code wicked ifup} regardless).
 */
@FunctionalInterface
public interface ServiceState {

  boolean wickedActive();

  /** Asks systemd on every call (the service can start or stop while the daemon runs). */
  static ServiceState of(UnitStates units) {
    return of(units, () -> false);
  }

  /**
   * systemd's {@code wicked.service} decides when systemd knows that unit. When it does not (no
   * systemd answering, as in containers and the UML rig, or no such unit file), wickedd itself is
   * the authority: wicked's client can only act while {@code org.opensuse.Network} has an owner on
   * the system bus, so that is what {@code wickeddOnBus} reports.
   */
  static ServiceState of(UnitStates units, BooleanSupplier wickeddOnBus) {
    return () -> {
      UnitStates.Unit unit;
      try {
        unit = units.load("wicked.service");
      } catch (HnvException e) {
        unit = UnitStates.Unit.notFound("wicked.service");
      }
      if (unit.found()) {
        return unit.active();
      }
      try {
        return wickeddOnBus.getAsBoolean();
      } catch (HnvException e) {
        return false; // no bus: treat as not running, files still get written
      }
    };
  }
}
