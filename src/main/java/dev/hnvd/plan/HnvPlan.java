package dev.hnvd.plan;

import dev.hnvd.model.BondState;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Link;
import dev.hnvd.model.Port;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Plans one HNV: its bond, its ports, its primary. Order: adopt, remove, create, enslave, primary. */
final class HnvPlan {
  private final Hnv hnv;
  private final CurrentState current;
  private final Ownership own;
  private final boolean removals;
  private final String bond;

  HnvPlan(Hnv hnv, CurrentState current, Ownership own, boolean removals) {
    this.hnv = hnv;
    this.current = current;
    this.own = own;
    this.removals = removals;
    this.bond = hnv.bondName();
  }

  void build(List<Action> actions, List<String> notes) {
    HcnId id = hnv.id();
    List<Profile> named = current.profiles().stream()
        .filter(p -> p.name().equals(bond) || p.interfaceName().equals(bond))
        .toList();
    Optional<Profile> bondProfile = named.stream()
        .filter(p -> p.type() == Profile.Type.BOND && p.owned()).findFirst()
        .or(() -> named.stream().filter(own::adoptable).findFirst());
    if (bondProfile.isEmpty() && !named.isEmpty()) {
      // A profile of someone else's holds our name: creating a twin would fight it.
      Profile other = named.get(0);
      notes.add(bond + ": profile " + other.name() + " (" + other.key()
          + ") uses this name but is not ours; leaving the HNV alone");
      return;
    }
    named.stream()
        .filter(p -> bondProfile.map(b -> !b.key().equals(p.key())).orElse(false))
        .forEach(p -> notes.add(bond + ": duplicate profile " + p.key() + " left alone"));
    Set<String> present = hnv.presentPorts().stream()
        .map(p -> p.ifname().orElseThrow()).collect(Collectors.toSet());
    boolean pending = hnv.ports().stream().anyMatch(p -> !p.present());
    hnv.ports().stream().filter(p -> !p.present())
        .forEach(p -> notes.add(bond + ": " + p.kind().label() + " " + p.ofPath()
            + " has no interface yet (pending)"));
    if (present.isEmpty() && bondProfile.isEmpty()) {
      return;
    }
    Optional<String> primary = hnv.primary();

    if (bondProfile.isPresent() && !bondProfile.get().owned()) {
      actions.add(new Action.Adopt(id, bondProfile.get().key(), bondProfile.get().name()));
    }
    List<Profile> ports = current.profiles().stream()
        .filter(p -> p.type() == Profile.Type.BOND_PORT && own.ours(p))
        .toList();
    // Adopt hcnmgr's ports of this bond before anything acts on them.
    for (Profile p : ports) {
      if (!p.owned() && own.controllerName(p).equals(bond)) {
        actions.add(new Action.Adopt(id, p.key(), p.name()));
      }
    }
    // Stale ports: interface gone, or it now belongs to another HNV (moved VF). While a device of
    // this HNV is pending, an existing interface might be it: keep such a port until resolved.
    if (removals) {
      for (Profile p : ports) {
        String ifname = p.interfaceName();
        if (!own.controllerName(p).equals(bond) || present.contains(ifname)) {
          continue;
        }
        boolean gone = !current.interfaceExists(ifname);
        if (gone || !pending) {
          actions.add(new Action.RemovePort(id, bond, ifname, p.key()));
        }
      }
    }
    // A present device whose owned port profile points at another bond moves here.
    for (Profile p : ports) {
      if (present.contains(p.interfaceName()) && !own.controllerName(p).equals(bond)) {
        String other = own.controllerName(p);
        HcnId otherId = HcnId.fromBondName(other);
        actions.add(new Action.RemovePort(otherId == null ? id : otherId, other, p.interfaceName(), p.key()));
      }
    }

    Optional<BondState> kernel = current.bond(bond);
    if (bondProfile.isEmpty()) {
      actions.add(new Action.CreateBond(id, bond, primary, ipDonor(present, primary)));
    } else if (kernel.isEmpty() && !present.isEmpty()) {
      actions.add(new Action.ActivateBond(id, bond, bondProfile.get().key()));
    }

    // VF first: the bond should come up on the primary.
    List<String> order = hnv.presentPorts().stream().map(p -> p.ifname().orElseThrow()).toList();
    for (String ifname : order) {
      Optional<Profile> mine = ports.stream()
          .filter(p -> p.interfaceName().equals(ifname) && own.controllerName(p).equals(bond))
          .findFirst();
      if (mine.isEmpty()) {
        actions.add(new Action.AddPort(id, bond, ifname));
        continue;
      }
      Optional<Link> link = current.link(ifname);
      if (kernel.isPresent() && link.isPresent() && !link.get().master().equals(bond)) {
        actions.add(new Action.ActivatePort(id, bond, ifname, mine.get().key()));
      }
      foreignNotes(ifname, notes);
    }

    if (primary.isPresent()) {
      String vf = primary.get();
      boolean profileWrong = bondProfile
          .map(b -> !vf.equals(b.bondOptions().getOrDefault("primary", "")))
          .orElse(false);
      boolean kernelWrong = kernel
          .map(k -> k.slaves().contains(vf) && !vf.equals(k.primary()))
          .orElse(false);
      if (profileWrong || kernelWrong) {
        actions.add(new Action.SetPrimary(id, bond, vf));
      } else if (kernel.isPresent()) {
        BondState k = kernel.get();
        boolean vfUp = current.link(vf).map(Link::carrier).orElse(false);
        if (k.slaves().contains(vf) && vfUp && !vf.equals(k.activeSlave())) {
          // IBM known issue: the primary is not always re-selected after a failover.
          actions.add(new Action.SelectActive(id, bond, vf));
        }
      }
    }
    if (bondProfile.isPresent()) {
      String mode = BondOptions.mode(bondProfile.get().bondOptions().getOrDefault("mode", ""));
      if (!mode.isEmpty() && !mode.equals(BondOptions.MODE)) {
        notes.add(bond + ": mode is " + mode + ", not active-backup; left as the admin set it");
      }
    }
  }

  /** A foreign profile with IP settings on one of the ports: the new bond takes them over. */
  private Optional<String> ipDonor(Set<String> present, Optional<String> primary) {
    return current.profiles().stream()
        .filter(p -> !own.ours(p) && p.type() == Profile.Type.OTHER && p.hasIpConfig())
        .filter(p -> present.contains(p.interfaceName()))
        .sorted((a, b) -> Boolean.compare(!isPrimary(a, primary), !isPrimary(b, primary)))
        .map(Profile::key)
        .findFirst();
  }

  private static boolean isPrimary(Profile p, Optional<String> primary) {
    return primary.map(p.interfaceName()::equals).orElse(false);
  }

  private void foreignNotes(String ifname, List<String> notes) {
    current.profiles().stream()
        .filter(p -> p.interfaceName().equals(ifname) && !own.ours(p))
        .forEach(p -> notes.add(bond + ": foreign profile " + p.name() + " (" + p.key()
            + ") also matches " + ifname + "; not touched"));
  }
}
