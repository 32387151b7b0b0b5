package dev.hnvd.engine;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Link;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import dev.hnvd.plan.CurrentState;
import dev.hnvd.plan.Safety;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One HNV as the device tree and the kernel show it now: what monitoring reads (metrics, change
 * signals). Built without the connection manager, so it answers on any box and while
 * NetworkManager is away.
 *
 * @param id the HNV
 * @param bond its bond's interface name
 * @param portsPresent device-tree ports whose network interface exists
 * @param portsEnslaved interfaces the kernel bond has as ports (0 without a bond)
 * @param activePort the bond's active port; empty without one or without a bond
 * @param activeKind the active port's kind as the device tree says; empty when unknown
 * @param activeCarrier whether the active port has carrier
 * @param migrationSafe hcnqrydev's answer for every SR-IOV port of the HNV: a live migration (which
 *     removes the VFs) keeps this HNV's traffic
 * @param safety why, for logs and signals
 */
public record HnvReading(HcnId id, String bond, int portsPresent, int portsEnslaved, Optional<String> activePort,
    Optional<PortKind> activeKind, boolean activeCarrier, boolean migrationSafe, String safety) {

  public HnvReading {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bond, "bond");
    Objects.requireNonNull(activePort, "activePort");
    Objects.requireNonNull(activeKind, "activeKind");
    safety = safety == null ? "" : safety;
  }

  /**
   * Whether traffic runs on a backup: the active port is known and is not an SR-IOV VF (an HNV's
   * VF is always its primary, {@link Hnv#primaryPort()}).
   */
  public boolean onBackup() {
    return activeKind.isPresent() && activeKind.get() != PortKind.SRIOV;
  }

  /**
   * Every HNV the device tree lists or the kernel has a bond for, in HCN id order. Reads the
   * device tree once and the kernel once.
   */
  public static List<HnvReading> of(Engine engine) {
    Discovery d = engine.discover();
    Map<String, BondState> bonds = engine.kernel().bonds();
    Map<String, Link> links = engine.kernel().links();
    return of(d, new CurrentState(List.of(), links, bonds));
  }

  static List<HnvReading> of(Discovery d, CurrentState now) {
    TreeSet<HcnId> ids = new TreeSet<>();
    d.hnvs().forEach(h -> ids.add(h.id()));
    now.bonds().keySet().stream().map(HcnId::fromBondName).filter(Objects::nonNull).forEach(ids::add);
    List<HnvReading> out = new ArrayList<>();
    for (HcnId id : ids) {
      out.add(read(id, d, now));
    }
    return out;
  }

  private static HnvReading read(HcnId id, Discovery d, CurrentState now) {
    String bond = id.bondName();
    Optional<Hnv> hnv = d.hnv(id);
    List<Port> ports = hnv.map(Hnv::ports).orElse(List.of());
    Optional<BondState> k = now.bond(bond);
    int present = (int) ports.stream()
        .filter(p -> p.ifname().map(now::interfaceExists).orElse(false)).count();
    int enslaved = k.map(b -> b.slaves().size()).orElse(0);
    Optional<String> active = k.map(BondState::activeSlave).filter(s -> !s.isEmpty());
    Optional<PortKind> kind = active.flatMap(a -> ports.stream()
        .filter(p -> p.ifname().filter(a::equals).isPresent()).findFirst()).map(Port::kind);
    boolean carrier = active.flatMap(now::link).map(Link::carrier).orElse(false);
    Safety.Verdict v = migration(d, ports, bond, now);
    return new HnvReading(id, bond, present, enslaved, active, kind, carrier, v.safe(), v.reason());
  }

  /**
   * hcnqrydev's rule for each VF of the HNV, as the migration check asks it: the first VF whose
   * removal would drop the network decides; vPMEM makes every HNV unsafe (hcnqrydev answers busy).
   */
  private static Safety.Verdict migration(Discovery d, List<Port> ports, String bond, CurrentState now) {
    if (d.vpmem()) {
      return new Safety.Verdict(false, "vPMEM present; HNV and vPMEM cannot coexist");
    }
    Safety.Verdict last = new Safety.Verdict(true, "no SR-IOV port in " + bond);
    for (Port p : ports) {
      if (p.kind() != PortKind.SRIOV || p.ifname().isEmpty()) {
        continue;
      }
      last = Safety.query(p.ifname().get(), bond, now);
      if (!last.safe()) {
        return last;
      }
    }
    return last;
  }
}
