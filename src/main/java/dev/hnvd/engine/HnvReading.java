package dev.hnvd.engine;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Link;
import dev.hnvd.model.PortKind;
import dev.hnvd.plan.Safety;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HNV as the device tree and the kernel show it now: what monitoring reads (metrics, change
 * signals), taken from the {@link StatusReport} and the {@link MigrationCheck} (no rule of its
 * own). Built without the connection manager, so it answers on any box and while NetworkManager
 * is away.
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
   * Every HNV the status report lists without the connection manager (device tree and kernel
   * bonds), in HCN id order, with the engine's migration check for its VFs.
   */
  public static List<HnvReading> of(Engine engine) {
    Discovery d = engine.discover();
    Map<String, BondState> bonds = engine.kernel().bonds();
    Map<String, Link> links = engine.kernel().links();
    // The migration answer through the engine's own entry point, so whatever evidence the engine
    // feeds the hcnqrydev rule reaches the metric too; the status part without the connection
    // manager (a look must not cost a NetworkManager round trip).
    List<MigrationCheck.VfVerdict> vfs = engine.migrationSafety(d);
    return of(StatusReport.of(d, links, bonds, Optional.empty(), "not asked", Map.of(), vfs),
        new MigrationCheck(vfs, d.vpmem(), d.hnvs().size()));
  }

  /** The readings of a status report and the migration check taken from the same look. */
  static List<HnvReading> of(StatusReport status, MigrationCheck migration) {
    List<HnvReading> out = new ArrayList<>();
    for (StatusReport.HnvStatus h : status.hnvs()) {
      int present = (int) h.ports().stream().filter(p -> p.kind() != null && p.exists()).count();
      int enslaved = (int) h.ports().stream().filter(StatusReport.PortStatus::enslaved).count();
      Optional<StatusReport.PortStatus> active = h.activePort()
          .flatMap(a -> h.ports().stream().filter(p -> p.ifname().equals(a)).findFirst());
      Optional<PortKind> kind = active.map(StatusReport.PortStatus::kind).flatMap(HnvReading::kind);
      Safety.Verdict v = safety(h.bond(), migration);
      out.add(new HnvReading(h.id(), h.bond(), present, enslaved, h.activePort(), kind,
          active.map(StatusReport.PortStatus::carrier).orElse(false), v.safe(), v.reason()));
    }
    return out;
  }

  /**
   * This HNV's part of the migration check (hcnqrydev's rule for each VF): the first VF whose
   * removal would drop the network decides; vPMEM makes every HNV unsafe (hcnqrydev answers busy).
   */
  private static Safety.Verdict safety(String bond, MigrationCheck m) {
    if (m.vpmem()) {
      return new Safety.Verdict(false, "vPMEM present; HNV and vPMEM cannot coexist");
    }
    List<MigrationCheck.VfVerdict> vfs = m.vfs().stream().filter(v -> v.bond().equals(bond)).toList();
    return vfs.stream().map(MigrationCheck.VfVerdict::verdict).filter(v -> !v.safe()).findFirst()
        .orElse(vfs.isEmpty() ? new Safety.Verdict(true, "no SR-IOV port in " + bond)
            : vfs.get(vfs.size() - 1).verdict());
  }

  private static Optional<PortKind> kind(String label) {
    for (PortKind k : PortKind.values()) {
      if (k.label().equals(label)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
