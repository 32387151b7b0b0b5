package dev.hnvd.engine;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Link;
import dev.hnvd.model.Port;
import dev.hnvd.plan.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Each HNV as it is now: bond, ports, active port, primary, carrier, and the profiles behind them
 * (when the connection manager could be read). One report for every reader: {@code hnvctl status}
 * prints it, the D-Bus {@code Status} method and {@code --json} serialise {@link #json()}, so the
 * shape admins script against is defined here once.
 *
 * @param backend the connection manager's description, or why it could not be read
 * @param backendAvailable false when the profiles could not be read (the kernel's view is still here)
 */
public record StatusReport(String backend, boolean backendAvailable, List<HnvStatus> hnvs) {

  public StatusReport {
    hnvs = List.copyOf(hnvs);
  }

  /** One HNV; a null field is one the kernel or the device tree does not have. */
  public record HnvStatus(HcnId id, boolean inDeviceTree, BondState kernelBond, String wantedPrimary,
      List<PortStatus> ports, String profile, List<MigrationCheck.VfVerdict> migration) {
    public HnvStatus {
      ports = List.copyOf(ports);
      migration = List.copyOf(migration);
    }

    public String bond() {
      return id.bondName();
    }

    public Optional<String> activePort() {
      return kernelBond == null || kernelBond.activeSlave().isEmpty() ? Optional.empty()
          : Optional.of(kernelBond.activeSlave());
    }

    public Optional<String> primary() {
      return kernelBond == null || kernelBond.primary().isEmpty() ? Optional.empty()
          : Optional.of(kernelBond.primary());
    }
  }

  /** One port: by interface name, the union of the device tree's ports and the kernel bond's slaves. */
  public record PortStatus(String ifname, String kind, boolean enslaved, boolean exists, boolean carrier,
      String profile, Path path) {}

  /**
   * What the LPM gate knows of a port's path (absent under the carrier policy).
   *
   * @param text "path answered 1.2 s ago (echo)", "path never answered in ...", "not checked: why"
   * @param answeredAt the last instant the path answered, or null
   * @param alive whether that is within the gate's window
   */
  public record Path(String text, java.time.Instant answeredAt, boolean alive) {}

  /** Builds the report from what discovery, the kernel and (if it answered) the connection manager hold. */
  static StatusReport of(Discovery d, Map<String, Link> links, Map<String, BondState> bonds,
      Optional<List<Profile>> profiles, String backend, Map<String, Path> paths,
      List<MigrationCheck.VfVerdict> verdicts) {
    TreeSet<HcnId> ids = new TreeSet<>();
    d.hnvs().forEach(h -> ids.add(h.id()));
    bonds.keySet().stream().map(HcnId::fromBondName).filter(Objects::nonNull).forEach(ids::add);
    profiles.ifPresent(ps -> ps.stream().filter(Profile::owned).map(p -> HcnId.fromBondName(p.name()))
        .filter(Objects::nonNull).forEach(ids::add));
    List<HnvStatus> out = new ArrayList<>();
    for (HcnId id : ids) {
      String bond = id.bondName();
      Optional<Hnv> hnv = d.hnv(id);
      BondState k = bonds.get(bond);
      TreeSet<String> names = new TreeSet<>();
      hnv.ifPresent(h -> h.ports().forEach(p -> p.ifname().ifPresent(names::add)));
      if (k != null) {
        names.addAll(k.slaves());
      }
      List<PortStatus> ports = new ArrayList<>();
      for (String n : names) {
        Link l = links.get(n);
        String kind = hnv.flatMap(h -> h.ports().stream().filter(p -> p.ifname().orElse("").equals(n)).findFirst())
            .map(Port::kind).map(x -> x.label()).orElse(null);
        String profile = profiles.flatMap(ps -> ps.stream()
            .filter(p -> p.type() == Profile.Type.BOND_PORT && p.interfaceName().equals(n))
            .findFirst()).map(Profile::key).orElse(null);
        ports.add(new PortStatus(n, kind, k != null && k.slaves().contains(n), l != null, l != null && l.carrier(),
            profile, paths.get(n)));
      }
      String profile = profiles.flatMap(ps -> ps.stream()
          .filter(p -> p.type() == Profile.Type.BOND && p.name().equals(bond)).findFirst())
          .map(p -> p.key() + (p.owned() ? "" : " (not ours)")).orElse(null);
      out.add(new HnvStatus(id, hnv.isPresent(), k, hnv.flatMap(Hnv::primary).orElse(null), ports, profile,
          verdicts.stream().filter(v -> v.bond().equals(bond)).toList()));
    }
    return new StatusReport(backend, profiles.isPresent(), out);
  }

  /** The JSON shape of {@code hnvctl status --json} and D-Bus {@code Status}: names are an interface. */
  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backend", backend);
    List<Object> list = new ArrayList<>();
    for (HnvStatus h : hnvs) {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("hcnId", h.id().hex());
      hm.put("bond", h.bond());
      hm.put("inDeviceTree", h.inDeviceTree());
      hm.put("kernelBond", h.kernelBond() != null);
      hm.put("mode", h.kernelBond() == null ? null : h.kernelBond().mode());
      hm.put("activePort", h.activePort().orElse(null));
      hm.put("primary", h.primary().orElse(null));
      hm.put("wantedPrimary", h.wantedPrimary());
      List<Object> ports = new ArrayList<>();
      for (PortStatus p : h.ports()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("ifname", p.ifname());
        pm.put("kind", p.kind());
        pm.put("enslaved", p.enslaved());
        pm.put("exists", p.exists());
        pm.put("carrier", p.carrier());
        pm.put("profile", p.profile());
        if (p.path() != null) {
          Map<String, Object> path = new LinkedHashMap<>();
          path.put("answered", p.path().answeredAt() == null ? null : p.path().answeredAt().toString());
          path.put("alive", p.path().alive());
          path.put("text", p.path().text());
          pm.put("path", path);
        }
        ports.add(pm);
      }
      hm.put("ports", ports);
      hm.put("profile", h.profile());
      List<Object> gate = new ArrayList<>();
      for (MigrationCheck.VfVerdict v : h.migration()) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("ifname", v.ifname());
        vm.put("safe", v.verdict().safe());
        vm.put("reason", v.verdict().reason());
        gate.add(vm);
      }
      hm.put("migration", gate);
      list.add(hm);
    }
    m.put("hnvs", list);
    return m;
  }
}
