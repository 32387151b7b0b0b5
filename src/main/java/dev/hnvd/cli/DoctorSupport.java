package dev.hnvd.cli;

import dev.hnvd.cli.Doctor.Check;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.PortKind;
import dev.hnvd.platform.OsRelease;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Whether the distribution and version are supported for the HNV backup devices present. */
final class DoctorSupport {
  /**
   * hnvd's support matrix: the minimum {@code VERSION_ID} per distribution and backup device, "or
   * later" each. Source: IBM's "Hybrid Network Virtualization" requirements (Linux on Power
   * documentation): ibmveth backup on SLES 15 SP3+, RHEL 8.4+ and 9.0+; ibmvnic backup on RHEL
   * 8.6+ and 9.0+ (SLES is not listed for ibmvnic). The SR-IOV VF itself needs no entry: every HNV
   * has one. Keep this the only place the versions are written.
   *
   * @param id os-release {@code ID}
   * @param backup the backup device kind
   * @param minVersion the first supported {@code VERSION_ID}
   */
  record Row(String id, PortKind backup, String minVersion) {}

  static final List<Row> MATRIX = List.of(
      new Row("rhel", PortKind.VETH, "8.4"),
      new Row("rhel", PortKind.VNIC, "8.6"),
      new Row("sles", PortKind.VETH, "15.3"));

  private DoctorSupport() {}

  static Check distro(OsRelease os, Discovery d) {
    String name = os.prettyName().isEmpty() ? (os.id() + " " + os.versionId()).strip() : os.prettyName();
    if (os.id().isEmpty()) {
      return Check.warn("distribution", "unknown distribution (no /etc/os-release)",
          "HNV is supported on RHEL 8.4+/9 and SLES 15 SP3+; see hnvd's support matrix");
    }
    if (MATRIX.stream().noneMatch(r -> r.id().equals(os.id()))) {
      return Check.warn("distribution", name + " is not in hnvd's support matrix (RHEL, SLES); it may work",
          "HNV is supported on RHEL 8.4+/9 and SLES 15 SP3+");
    }
    // The backups present decide; with none present, an ibmveth backup is the baseline.
    Set<PortKind> backups = EnumSet.noneOf(PortKind.class);
    d.hnvs().forEach(h -> h.ports().stream().map(p -> p.kind()).filter(k -> k != PortKind.SRIOV).forEach(backups::add));
    if (backups.isEmpty()) {
      backups.add(PortKind.VETH);
    }
    List<String> tooOld = new ArrayList<>();
    Set<String> unlisted = new TreeSet<>();
    for (PortKind k : backups) {
      Optional<Row> row = MATRIX.stream().filter(r -> r.id().equals(os.id()) && r.backup() == k).findFirst();
      if (row.isEmpty()) {
        unlisted.add(k.label());
      } else if (compareVersions(os.versionId(), row.get().minVersion()) < 0) {
        tooOld.add(k.label() + " backup needs " + os.id() + " " + row.get().minVersion() + " or later");
      }
    }
    if (!tooOld.isEmpty()) {
      return Check.fail("distribution", name + " is too old: " + String.join("; ", tooOld),
          "upgrade the distribution (supported per hnvd's support matrix: RHEL 8.4+ (8.6+ for vnic), 9.x; SLES 15 SP3+)");
    }
    if (!unlisted.isEmpty()) {
      return Check.warn("distribution", name + ": " + String.join(", ", unlisted)
              + " backup is not supported on " + os.id() + " per hnvd's support matrix",
          "use an ibmveth (virtual Ethernet) backup, or RHEL for an ibmvnic backup");
    }
    Set<String> labels = new TreeSet<>();
    backups.forEach(k -> labels.add(k.label()));
    return Check.pass("distribution", name + ": supported per hnvd's support matrix ("
        + String.join(", ", labels) + " backup)");
  }

  /** Numeric comparison of dotted versions ("9.4" vs "8.6"; a missing or non-numeric part counts as 0). */
  static int compareVersions(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(part(x, i), part(y, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int part(String[] parts, int i) {
    if (i >= parts.length) {
      return 0;
    }
    // "el8" in a release, or a part too long for an int, counts as 0: only leading digits matter.
    String digits = parts[i].replaceAll("\\D.*$", "");
    try {
      return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
