package dev.hnvd.plan;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Link;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import dev.hnvd.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A small world for planner tests: a device tree (desired) and a system (profiles, links, bonds)
 * that a {@link #apply(Plan)} simulates the way a well-behaved backend and the kernel react.
 */
final class Scenario {
  private final Map<HcnId, List<Port>> tree = new TreeMap<>();
  final List<Profile> profiles = new ArrayList<>();
  final Map<String, Link> links = new LinkedHashMap<>();
  final Map<String, BondState> bonds = new LinkedHashMap<>();
  private int drc = 0x20000000;

  Scenario vf(int id, String ifname) {
    return device(id, PortKind.SRIOV, Role.PRIMARY, ifname, true);
  }

  Scenario vnic(int id, String ifname) {
    return device(id, PortKind.VNIC, Role.BACKUP, ifname, true);
  }

  Scenario veth(int id, String ifname) {
    return device(id, PortKind.VETH, Role.BACKUP, ifname, true);
  }

  /** A device in the tree whose interface does not exist (yet). */
  Scenario pendingVnic(int id) {
    return device(id, PortKind.VNIC, Role.BACKUP, null, false);
  }

  Scenario device(int id, PortKind kind, Role role, String ifname, boolean withLink) {
    int n = ++drc;
    String path = kind == PortKind.SRIOV
        ? "/pci@80000002000" + Integer.toHexString(n & 0xfff) + "/ethernet@0"
        : "/vdevice/" + (kind == PortKind.VNIC ? "vnic@" : "l-lan@") + Integer.toHexString(n);
    tree.computeIfAbsent(new HcnId(id), k -> new ArrayList<>())
        .add(new Port(kind, role, new DrcIndex(n), path, "U9080.M9S." + n, "", 0x15b3,
            Optional.ofNullable(ifname), List.of()));
    if (withLink && ifname != null) {
      links.putIfAbsent(ifname, new Link(ifname, true, "up", "", ""));
    }
    return this;
  }

  Scenario link(String ifname, boolean carrier) {
    Link old = links.get(ifname);
    links.put(ifname, new Link(ifname, carrier, carrier ? "up" : "down",
        old == null ? "" : old.master(), ""));
    return this;
  }

  Scenario unplug(String ifname) {
    links.remove(ifname);
    bonds.replaceAll((name, b) -> withSlaves(b, without(b.slaves(), ifname),
        b.activeSlave().equals(ifname) ? "" : b.activeSlave()));
    return this;
  }

  Scenario profile(Profile p) {
    profiles.add(p);
    return this;
  }

  static Profile foreign(String key, String name, Profile.Type type, String ifname, String controller) {
    return new Profile(key, name, type, ifname, controller, false, Map.of(), false);
  }

  Discovery discovery() {
    List<Hnv> hnvs = tree.entrySet().stream().map(e -> new Hnv(e.getKey(), e.getValue())).toList();
    return new Discovery(true, false, true, hnvs, List.of());
  }

  Hnv hnv(int id) {
    return discovery().hnv(new HcnId(id)).orElseThrow();
  }

  CurrentState current() {
    return new CurrentState(profiles, links, bonds);
  }

  Plan reconcile() {
    return Planner.reconcile(discovery(), current());
  }

  /** Removes an HCN id from the device tree (offline removal). */
  Scenario forget(int id) {
    tree.remove(new HcnId(id));
    return this;
  }

  /** Applies a plan as NetworkManager and the kernel would. */
  Scenario apply(Plan plan) {
    for (Action a : plan.actions()) {
      applyOne(a);
    }
    return this;
  }

  private void applyOne(Action a) {
    a.accept(new Apply());
  }

  /** What NetworkManager and the kernel would do for each kind. */
  private final class Apply implements Action.Visitor<Void> {
    @Override
    public Void adopt(Action.Adopt x) {
      replace(x.key(), p -> p.asOwned());
      return null;
    }

    @Override
    public Void createBond(Action.CreateBond x) {
      profiles.add(new Profile("uuid-" + x.bond(), x.bond(), Profile.Type.BOND, x.bond(), "", true,
          BondOptions.desired(x.primary().orElse("")), false));
      activate(x.bond());
      return null;
    }

    @Override
    public Void activateBond(Action.ActivateBond x) {
      activate(x.bond());
      return null;
    }

    @Override
    public Void addPort(Action.AddPort x) {
      profiles.add(new Profile("uuid-" + x.bond() + "-" + x.ifname(), x.bond() + "-" + x.ifname(),
          Profile.Type.BOND_PORT, x.ifname(), x.bond(), true, Map.of(), false));
      enslave(x.bond(), x.ifname());
      return null;
    }

    @Override
    public Void activatePort(Action.ActivatePort x) {
      enslave(x.bond(), x.ifname());
      return null;
    }

    @Override
    public Void setPrimary(Action.SetPrimary x) {
        Profile b = bondProfile(x.bond());
        Map<String, String> opts = new TreeMap<>(b.bondOptions());
        opts.put("primary", x.ifname());
        replace(b.key(), p -> new Profile(p.key(), p.name(), p.type(), p.interfaceName(), p.controller(),
            p.owned(), opts, p.hasIpConfig()));
        BondState k = bonds.get(x.bond());
        if (k != null) {
          bonds.put(x.bond(), reselect(new BondState(k.name(), k.mode(), k.slaves(), k.activeSlave(),
              x.ifname(), k.failOverMac(), k.miimon())));
        }
      return null;
    }

    @Override
    public Void selectActive(Action.SelectActive x) {
      BondState k = bonds.get(x.bond());
      bonds.put(x.bond(), withSlaves(k, k.slaves(), x.ifname()));
      return null;
    }

    @Override
    public Void removePort(Action.RemovePort x) {
      profiles.removeIf(p -> p.key().equals(x.key()));
      release(x.bond(), x.ifname());
      return null;
    }

    @Override
    public Void removeBond(Action.RemoveBond x) {
      profiles.removeIf(p -> p.key().equals(x.key()));
      BondState k = bonds.remove(x.bond());
      if (k != null) {
        k.slaves().forEach(s -> setMaster(s, ""));
      }
      return null;
    }
  }

  /** Activation with autoconnect-slaves: the bond comes up and brings its port profiles. */
  private void activate(String bond) {
    bonds.put(bond, new BondState(bond, "active-backup", List.of(), "",
        bondProfile(bond).bondOptions().getOrDefault("primary", ""), "follow", 100));
    for (Profile p : List.copyOf(profiles)) {
      if (p.type() == Profile.Type.BOND_PORT && p.controller().equals(bond)
          && links.containsKey(p.interfaceName())) {
        enslave(bond, p.interfaceName());
      }
    }
  }

  /** As the backends do (NmTranslator.ownedByName): SetPrimary changes our profile, never a foreign twin. */
  private Profile bondProfile(String bond) {
    return profiles.stream()
        .filter(p -> p.type() == Profile.Type.BOND && p.name().equals(bond) && p.owned())
        .findFirst().orElseThrow(() -> new AssertionError("no bond profile of ours named " + bond));
  }

  private void enslave(String bond, String ifname) {
    BondState k = bonds.get(bond);
    if (k == null || !links.containsKey(ifname)) {
      return;
    }
    bonds.values().stream().filter(b -> b.slaves().contains(ifname)).map(BondState::name).toList()
        .forEach(other -> release(other, ifname));
    k = bonds.get(bond);
    List<String> slaves = new ArrayList<>(k.slaves());
    if (!slaves.contains(ifname)) {
      slaves.add(ifname);
    }
    setMaster(ifname, bond);
    bonds.put(bond, reselect(withSlaves(k, slaves, k.activeSlave())));
  }

  private void release(String bond, String ifname) {
    BondState k = bonds.get(bond);
    if (k == null) {
      return;
    }
    setMaster(ifname, "");
    bonds.put(bond, reselect(withSlaves(k, without(k.slaves(), ifname),
        k.activeSlave().equals(ifname) ? "" : k.activeSlave())));
  }

  /** The kernel's active-backup choice: the primary when it has carrier, else keep or pick one. */
  private BondState reselect(BondState k) {
    String active = k.activeSlave();
    boolean primaryUp = k.slaves().contains(k.primary())
        && links.get(k.primary()) != null && links.get(k.primary()).carrier();
    if (primaryUp) {
      active = k.primary();
    } else if (active.isEmpty() || !k.slaves().contains(active)) {
      active = k.slaves().stream().filter(s -> links.get(s).carrier()).findFirst().orElse("");
    }
    return withSlaves(k, k.slaves(), active);
  }

  private void setMaster(String ifname, String master) {
    Link l = links.get(ifname);
    if (l != null) {
      links.put(ifname, new Link(l.name(), l.carrier(), l.operstate(), master, l.mac()));
    }
  }

  private void replace(String key, java.util.function.UnaryOperator<Profile> f) {
    profiles.replaceAll(p -> p.key().equals(key) ? f.apply(p) : p);
  }

  private static BondState withSlaves(BondState k, List<String> slaves, String active) {
    return new BondState(k.name(), k.mode(), slaves, active, k.primary(), k.failOverMac(), k.miimon());
  }

  private static List<String> without(List<String> list, String x) {
    return list.stream().filter(s -> !s.equals(x)).toList();
  }
}
