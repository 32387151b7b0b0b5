package dev.hnvd.cli;

import dev.hnvd.engine.StatusReport;
import java.util.ArrayList;
import java.util.List;

/** {@code hnvctl status} as a table: one row per bond, then one per port. */
final class StatusView {
  private StatusView() {}

  static String table(StatusReport r) {
    StringBuilder sb = new StringBuilder("backend: ").append(r.backend()).append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"BOND", "PORT", "KIND", "ENSLAVED", "CARRIER", "ACTIVE", "PRIMARY", "PROFILE", "PATH"});
    for (StatusReport.HnvStatus h : r.hnvs()) {
      String active = h.activePort().orElse(null);
      String primary = h.primary().orElse(null);
      rows.add(new String[] {h.bond(), "", "", h.kernelBond() != null ? "up" : "absent", "", str(active), str(primary),
          str(h.profile()), ""});
      for (StatusReport.PortStatus p : h.ports()) {
        String n = p.ifname();
        rows.add(new String[] {"", n, str(p.kind()), yes(p.enslaved()), yes(p.carrier()), n.equals(active) ? "*" : "",
            n.equals(primary) ? "*" : "", str(p.profile()), p.path() == null ? "-" : p.path().text()});
      }
    }
    sb.append(Table.render(rows));
    // The LPM gate's answer per VF, by the same rule hcnqrydev and migration-check use.
    for (StatusReport.HnvStatus h : r.hnvs()) {
      for (var v : h.migration()) {
        sb.append("migration ").append(h.bond()).append(' ').append(v.ifname()).append(": ")
            .append(v.verdict().safe() ? "safe, " : "NOT safe, ").append(v.verdict().reason()).append('\n');
      }
    }
    return sb.toString();
  }

  private static String str(Object o) {
    return o == null ? "-" : o.toString();
  }

  private static String yes(boolean b) {
    return b ? "yes" : "no";
  }
}
