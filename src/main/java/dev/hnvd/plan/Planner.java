package dev.hnvd.plan;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pure planner: desired state (the device tree) plus current state (profiles and kernel) gives
 * an ordered list of actions. No I/O; every rule about what hnvd may do lives here.
 *
 * <p>Rules: only our profiles (marked, or adoptable hcnmgr/installer ones for an HNV the device tree
 * confirms) are ever changed; one bond per HCN id; ports only for interfaces that exist; the SR-IOV
 * VF is the primary; stale ports and bonds of vanished ids are removed; a converged system plans
 * nothing.
 */
public final class Planner {
  private Planner() {}

  /**
   * Full reconcile (boot scan, {@code hcnmgr -s}): every HNV converged, bonds whose id left the
   * device tree removed. When the device tree shows no SR-IOV HNV device at all nothing is removed:
   * an unreadable or half-populated device tree must not cost the admin their bonds (hcnmgr #81).
   */
  public static Plan reconcile(Discovery desired, CurrentState current) {
    Map<HcnId, Hnv> confirmed = confirmed(desired);
    Ownership own = new Ownership(confirmed, current);
    boolean removals = desired.hnvs().stream()
        .flatMap(h -> h.ports().stream())
        .anyMatch(p -> p.kind() == PortKind.SRIOV);
    List<Action> actions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (!removals && !ownedBonds(current, own).isEmpty()) {
      notes.add("no SR-IOV HNV device in the device tree: removing nothing");
    }
    if (removals) {
      for (Profile bond : ownedBonds(current, own)) {
        HcnId id = HcnId.fromBondName(bond.name());
        if (id != null && !confirmed.containsKey(id)) {
          actions.addAll(removeBondAndPorts(id, bond.name(), current, own));
        }
      }
    }
    for (Hnv hnv : desired.hnvs()) {
      new HnvPlan(hnv, current, own, removals).build(actions, notes);
    }
    return new Plan(dedupe(actions), notes);
  }

  /** Converges one HNV (hcncfgdrc, hotplug); other bonds are left alone. */
  public static Plan converge(Hnv hnv, Discovery desired, CurrentState current) {
    Map<HcnId, Hnv> confirmed = confirmed(desired);
    confirmed.putIfAbsent(hnv.id(), hnv);
    Ownership own = new Ownership(confirmed, current);
    List<Action> actions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    new HnvPlan(hnv, current, own, true).build(actions, notes);
    return new Plan(dedupe(actions), notes);
  }

  /**
   * Removes one device's port (hcnrmdev). When the device is the bond's active port, a backup with
   * carrier is made active FIRST so the removal is hitless.
   */
  public static Plan removeDevice(Hnv hnv, Port port, Discovery desired, CurrentState current) {
    Map<HcnId, Hnv> confirmed = confirmed(desired);
    confirmed.putIfAbsent(hnv.id(), hnv);
    Ownership own = new Ownership(confirmed, current);
    String bond = hnv.bondName();
    List<Action> actions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (port.ifname().isEmpty()) {
      notes.add("device " + port.ofPath() + " has no interface: no port to remove");
      return new Plan(actions, notes);
    }
    String ifname = port.ifname().get();
    current.bond(bond).ifPresent(b -> {
      if (b.activeSlave().equals(ifname)) {
        b.slaves().stream()
            .filter(s -> !s.equals(ifname))
            .filter(s -> current.link(s).map(l -> l.carrier()).orElse(false))
            .findFirst()
            .ifPresentOrElse(
                s -> actions.add(new Action.SelectActive(hnv.id(), bond, s)),
                () -> notes.add("no other port of " + bond + " has carrier: removing " + ifname
                    + " will interrupt traffic"));
      }
    });
    for (Profile p : current.profiles()) {
      if (p.type() == Profile.Type.BOND_PORT && p.interfaceName().equals(ifname)
          && own.controllerName(p).equals(bond)) {
        if (!own.ours(p)) {
          notes.add("port profile " + p.name() + " (" + p.key() + ") is not ours: left alone");
          continue;
        }
        if (!p.owned()) {
          actions.add(new Action.Adopt(hnv.id(), p.key(), p.name()));
        }
        actions.add(new Action.RemovePort(hnv.id(), bond, ifname, p.key()));
      }
    }
    return new Plan(actions, notes);
  }

  /** Removes a whole HNV (hcnrmhcn): its owned ports, then its owned bond profile. */
  public static Plan removeHnv(HcnId id, Discovery desired, CurrentState current) {
    Ownership own = new Ownership(confirmed(desired), current);
    List<Action> actions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean any = false;
    for (Profile p : current.profiles()) {
      if (p.type() == Profile.Type.BOND && p.name().equals(id.bondName())) {
        any = true;
        if (!own.ours(p)) {
          notes.add("bond profile " + p.name() + " (" + p.key() + ") is not ours: left alone");
        }
      }
    }
    actions.addAll(removeBondAndPorts(id, id.bondName(), current, own));
    for (Profile p : current.profiles()) {
      if (p.type() == Profile.Type.BOND_PORT && own.controllerName(p).equals(id.bondName())
          && !own.ours(p)) {
        notes.add("port profile " + p.name() + " (" + p.key() + ") is not ours: left alone");
      }
    }
    if (!any) {
      notes.add("no bond profile " + id.bondName());
    }
    return new Plan(actions, notes);
  }

  private static List<Action> removeBondAndPorts(
      HcnId id, String bond, CurrentState current, Ownership own) {
    List<Action> out = new ArrayList<>();
    for (Profile p : current.profiles()) {
      if (p.type() == Profile.Type.BOND_PORT && own.controllerName(p).equals(bond) && own.ours(p)) {
        if (!p.owned()) {
          out.add(new Action.Adopt(id, p.key(), p.name()));
        }
        out.add(new Action.RemovePort(id, bond, p.interfaceName(), p.key()));
      }
    }
    for (Profile p : current.profiles()) {
      if (p.type() == Profile.Type.BOND && p.name().equals(bond) && own.ours(p)) {
        if (!p.owned()) {
          out.add(new Action.Adopt(id, p.key(), p.name()));
        }
        out.add(new Action.RemoveBond(id, bond, p.key()));
      }
    }
    return out;
  }

  private static List<Profile> ownedBonds(CurrentState current, Ownership own) {
    return current.profiles().stream()
        .filter(p -> p.type() == Profile.Type.BOND && p.owned())
        .toList();
  }

  private static Map<HcnId, Hnv> confirmed(Discovery desired) {
    return desired.hnvs().stream()
        .collect(Collectors.toMap(Hnv::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  /** Two HNVs may both want an owned port moved away; act on each profile once. */
  private static List<Action> dedupe(List<Action> actions) {
    Map<String, Action> seen = new LinkedHashMap<>();
    for (Action a : actions) {
      seen.putIfAbsent(a.identity(), a);
    }
    return List.copyOf(seen.values());
  }
}
