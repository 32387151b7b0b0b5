package dev.hnvd.backend;

import dev.hnvd.model.HnvException;

/**
 * What systemd says about a unit: the seam between {@link BackendChooser} (and the wicked backend's
 * "is wicked.service active?") and the system bus. Production: {@link SystemdUnits}; tests use a
 * map-backed fake.
 */
public interface UnitStates {

  /**
   * Loads {@code name} the way systemd resolves it, following aliases ({@code network.service} is
   * an alias of the network manager's unit on SUSE).
   *
   * @throws HnvException {@link HnvException.Kind#UNREACHABLE} when systemd cannot be asked
   */
  Unit load(String name);

  /**
   * One unit's state.
   *
   * @param requested the name asked for
   * @param id the unit's primary name ({@code Id}), e.g. {@code wicked.service} for the alias
   *     {@code network.service}
   * @param loadState e.g. loaded, not-found, masked
   * @param activeState e.g. active, inactive, failed, activating
   */
  record Unit(String requested, String id, String loadState, String activeState) {

    /** Systemd has a unit file for it. */
    public boolean found() {
      return !loadState.isEmpty() && !"not-found".equals(loadState);
    }

    /** Running (or reloading, which is running too). */
    public boolean active() {
      return "active".equals(activeState) || "reloading".equals(activeState);
    }

    public static Unit notFound(String name) {
      return new Unit(name, name, "not-found", "inactive");
    }
  }
}
