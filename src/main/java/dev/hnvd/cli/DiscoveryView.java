package dev.hnvd.cli;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a Discovery as the documented JSON shape or as an aligned table. */
final class DiscoveryView {
  private DiscoveryView() {}

  static Map<String, Object> json(Discovery d) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> platform = new LinkedHashMap<>();
    platform.put("powervm", d.powervm());
    platform.put("vpmem", d.vpmem());
    platform.put("migratable", d.migratable());
    root.put("platform", platform);
    List<Object> hnvs = new ArrayList<>();
    for (Hnv h : d.hnvs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("hcnId", h.id().hex());
      m.put("bond", h.bondName());
      m.put("primary", h.primary().orElse(null));
      List<Object> ports = new ArrayList<>();
      for (Port p : h.ports()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("kind", p.kind().label());
        pm.put("role", p.role().label());
        pm.put("drcIndex", p.drcIndex() == null ? null : p.drcIndex().hex());
        pm.put("ofPath", p.ofPath());
        pm.put("locCode", p.locCode());
        pm.put("mac", p.mac().isEmpty() ? null : p.mac());
        pm.put("vendorId", p.vendorId() < 0 ? null : String.format("0x%04x", p.vendorId()));
        pm.put("ifname", p.ifname().orElse(null));
        pm.put("state", p.state());
        pm.put("problems", p.problems());
        ports.add(pm);
      }
      m.put("ports", ports);
      hnvs.add(m);
    }
    root.put("hnvs", hnvs);
    root.put("problems", d.problems());
    return root;
  }

  static String table(Discovery d) {
    StringBuilder sb = new StringBuilder();
    sb.append("PowerVM LPAR: ").append(d.powervm() ? "yes" : "no")
        .append("   vPMEM: ").append(d.vpmem() ? "present" : "none")
        .append("   migratable: ").append(d.migratable() ? "yes" : "no").append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"HCN ID", "BOND", "KIND", "ROLE", "DRC", "IFNAME", "STATE", "OF PATH"});
    for (Hnv h : d.hnvs()) {
      for (Port p : h.ports()) {
        rows.add(new String[] {h.id().hex(), h.bondName(), p.kind().label(), p.role().label(),
            p.drcIndex() == null ? "-" : p.drcIndex().hex(), p.ifname().orElse("-"), p.state(), p.ofPath()});
      }
    }
    sb.append(Table.render(rows));
    if (d.hnvs().isEmpty()) {
      sb.append("no HNV devices in the device tree\n");
    }
    for (Hnv h : d.hnvs()) {
      for (Port p : h.ports()) {
        p.problems().forEach(pr -> sb.append("problem: ").append(p.ofPath()).append(": ").append(pr).append('\n'));
      }
    }
    d.problems().forEach(pr -> sb.append("problem: ").append(pr).append('\n'));
    return sb.toString();
  }
}
