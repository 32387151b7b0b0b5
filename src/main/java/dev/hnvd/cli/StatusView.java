package dev.hnvd.cli;

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
import java.util.Optional;
import java.util.TreeSet;

/**
 * Each HNV as it is now: bond, ports, active port, primary, carrier, and the profiles behind them
 * (when the connection manager could be asked).
 */
final class StatusView {
  private StatusView() {}

  static List<Map<String, Object>> hnvs(Discovery d, Map<String, Link> links, Map<String, BondState> bonds,
      Optional<List<Profile>> profiles) {
    TreeSet<HcnId> ids = new TreeSet<>();
    d.hnvs().forEach(h -> ids.add(h.id()));
    bonds.keySet().stream().map(HcnId::fromBondName).filter(x -> x != null).forEach(ids::add);
    profiles.ifPresent(ps -> ps.stream().filter(Profile::owned).map(p -> HcnId.fromBondName(p.name()))
        .filter(x -> x != null).forEach(ids::add));
    List<Map<String, Object>> out = new ArrayList<>();
    for (HcnId id : ids) {
      String bond = id.bondName();
      Optional<Hnv> hnv = d.hnv(id);
      BondState k = bonds.get(bond);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("hcnId", id.hex());
      m.put("bond", bond);
      m.put("inDeviceTree", hnv.isPresent());
      m.put("kernelBond", k != null);
      m.put("mode", k == null ? null : k.mode());
      m.put("activePort", k == null || k.activeSlave().isEmpty() ? null : k.activeSlave());
      m.put("primary", k == null || k.primary().isEmpty() ? null : k.primary());
      m.put("wantedPrimary", hnv.flatMap(Hnv::primary).orElse(null));
      List<Object> ports = new ArrayList<>();
      TreeSet<String> names = new TreeSet<>();
      hnv.ifPresent(h -> h.ports().forEach(p -> p.ifname().ifPresent(names::add)));
      if (k != null) {
        names.addAll(k.slaves());
      }
      for (String n : names) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("ifname", n);
        pm.put("kind", hnv.flatMap(h -> h.ports().stream().filter(p -> p.ifname().orElse("").equals(n))
            .findFirst()).map(Port::kind).map(x -> x.label()).orElse(null));
        pm.put("enslaved", k != null && k.slaves().contains(n));
        Link l = links.get(n);
        pm.put("exists", l != null);
        pm.put("carrier", l != null && l.carrier());
        pm.put("profile", profiles.flatMap(ps -> ps.stream()
            .filter(p -> p.type() == Profile.Type.BOND_PORT && p.interfaceName().equals(n))
            .findFirst()).map(Profile::key).orElse(null));
        ports.add(pm);
      }
      m.put("ports", ports);
      m.put("profile", profiles.flatMap(ps -> ps.stream()
          .filter(p -> p.type() == Profile.Type.BOND && p.name().equals(bond)).findFirst())
          .map(p -> p.key() + (p.owned() ? "" : " (not ours)")).orElse(null));
      out.add(m);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static String table(List<Map<String, Object>> hnvs, String backend) {
    StringBuilder sb = new StringBuilder("backend: ").append(backend).append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"BOND", "PORT", "KIND", "ENSLAVED", "CARRIER", "ACTIVE", "PRIMARY", "PROFILE"});
    for (Map<String, Object> h : hnvs) {
      List<Map<String, Object>> ports = (List<Map<String, Object>>) h.get("ports");
      rows.add(new String[] {(String) h.get("bond"), "", "", Boolean.TRUE.equals(h.get("kernelBond")) ? "up" : "absent",
          "", str(h.get("activePort")), str(h.get("primary")), str(h.get("profile"))});
      for (Map<String, Object> p : ports) {
        String n = (String) p.get("ifname");
        rows.add(new String[] {"", n, str(p.get("kind")), yes(p.get("enslaved")), yes(p.get("carrier")),
            n.equals(h.get("activePort")) ? "*" : "", n.equals(h.get("primary")) ? "*" : "", str(p.get("profile"))});
      }
    }
    sb.append(Table.render(rows));
    return sb.toString();
  }

  private static String str(Object o) {
    return o == null ? "-" : o.toString();
  }

  private static String yes(Object o) {
    return Boolean.TRUE.equals(o) ? "yes" : "no";
  }
}
