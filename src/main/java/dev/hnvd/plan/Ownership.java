package dev.hnvd.plan;

import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which profiles are ours to change. A profile is ours when it carries our mark, or when it
 * is adoptable: named exactly like hcnmgr (and SUSE's installer) name HNV profiles, of the right
 * type, for an HNV the device tree confirms. Everything else is never touched (hcnmgr issue #81:
 * its unanchored name match deleted a production connection).
 */
final class Ownership {
  private final Map<HcnId, Hnv> confirmed;
  private final Map<String, Profile> byKey;

  Ownership(Map<HcnId, Hnv> confirmed, CurrentState current) {
    this.confirmed = confirmed;
    this.byKey = current.profiles().stream()
        .collect(Collectors.toMap(Profile::key, p -> p, (a, b) -> a));
  }

  /** Ours already, or adoptable. */
  boolean ours(Profile p) {
    return p.owned() || adoptable(p);
  }

  /** Not marked, but named and typed as hcnmgr would make it for a confirmed HNV. */
  boolean adoptable(Profile p) {
    if (p.owned()) {
      return false;
    }
    if (p.type() == Profile.Type.BOND) {
      HcnId id = HcnId.fromBondName(p.name());
      return id != null && confirmed.containsKey(id)
          && (p.interfaceName().isEmpty() || p.interfaceName().equals(p.name()));
    }
    if (p.type() == Profile.Type.BOND_PORT) {
      String bond = controllerName(p);
      HcnId id = HcnId.fromBondName(bond);
      if (id == null || !confirmed.containsKey(id)) {
        return false;
      }
      // hcnmgr's port name is "<bond>-<ifname>"; the interface must be one of the HNV's devices.
      Set<String> names = confirmed.get(id).ports().stream()
          .map(Port::ifname).flatMap(Optional::stream).collect(Collectors.toSet());
      String ifname = p.interfaceName();
      return p.name().equals(bond + "-" + ifname) && names.contains(ifname);
    }
    return false;
  }

  /**
   * The bond a port profile belongs to, by name. NM allows {@code master} to be the bond's UUID,
   * so a controller naming a known bond profile's key is translated to that profile's name.
   */
  String controllerName(Profile port) {
    Profile bond = byKey.get(port.controller());
    if (bond != null && bond.type() == Profile.Type.BOND) {
      return bond.interfaceName().isEmpty() ? bond.name() : bond.interfaceName();
    }
    return port.controller();
  }
}
