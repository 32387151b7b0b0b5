package dev.hnvd.cli;

import dev.hnvd.cli.Doctor.Check;
import dev.hnvd.engine.MigrationCheck;
import dev.hnvd.model.BondState;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Link;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The device-tree and per-HNV checks of {@code hnvctl doctor}: IBM's known HNV issues (vPMEM,
 * non-Mellanox primary, more than 10 ports, primary not restored after failover) and the kernel
 * state of each bond.
 */
final class DoctorHnvChecks {
  /** IBM supports at most this many vNIC / migratable SR-IOV ports per partition (the HMC enforces). */
  static final int MAX_PORTS = 10;

  private DoctorHnvChecks() {}

  static Check vpmem(Discovery d) {
    if (!d.vpmem()) {
      return Check.pass("vpmem", "no vPMEM volume");
    }
    String fix = "remove the vPMEM volume from the partition on the HMC, or do not use HNV on it";
    return d.hnvs().isEmpty()
        ? Check.warn("vpmem", "vPMEM volume present: HNV devices cannot be added to this partition", fix)
        : Check.fail("vpmem", "vPMEM volume present next to " + d.hnvs().size()
            + " HNV(s): HNV and vPMEM cannot coexist (migration is refused)", fix);
  }

  /** IBM supports only Mellanox (vendor 0x15b3, mlx5_core) SR-IOV adapters as HNV primary. */
  static Check vendor(Discovery d) {
    if (d.hnvs().stream().flatMap(h -> h.ports().stream()).noneMatch(p -> p.kind() == PortKind.SRIOV)) {
      return Check.skip("sriov-vendor", "no SR-IOV port in any HNV: nothing to check");
    }
    List<String> other = new ArrayList<>();
    for (Hnv h : d.hnvs()) {
      for (Port p : h.ports()) {
        if (p.kind() == PortKind.SRIOV && p.vendorId() >= 0 && p.vendorId() != Port.MELLANOX_VENDOR) {
          other.add(String.format(Locale.ROOT, "%s %s vendor 0x%04x", h.bondName(), name(p), p.vendorId()));
        }
      }
    }
    return other.isEmpty()
        ? Check.pass("sriov-vendor", "every known SR-IOV primary is Mellanox (0x15b3)")
        : Check.warn("sriov-vendor", "not Mellanox: " + String.join(", ", other),
            "IBM supports only Mellanox SR-IOV adapters as HNV primary; use a logical port on one");
  }

  static Check portCount(Discovery d) {
    int n = d.hnvs().stream().mapToInt(h -> h.ports().size()).sum();
    if (n == 0) {
      return Check.skip("port-count", "no HNV port: nothing to count");
    }
    return n > MAX_PORTS
        ? Check.warn("port-count", n + " HNV ports, IBM supports at most " + MAX_PORTS + " per partition",
            "remove HNV ports on the HMC (the HMC may refuse further changes)")
        : Check.pass("port-count", n + " HNV port(s) (at most " + MAX_PORTS + ")");
  }

  /** Devices in the device tree without an interface: udev has not named them, or the driver failed. */
  static Check pending(Discovery d) {
    if (d.hnvs().isEmpty()) {
      return Check.skip("pending-devices", "no HNV device: nothing to check");
    }
    List<String> pending = new ArrayList<>();
    for (Hnv h : d.hnvs()) {
      h.ports().stream().filter(p -> !p.present()).forEach(p -> pending.add(h.bondName() + " " + p.ofPath()));
    }
    return pending.isEmpty()
        ? Check.pass("pending-devices", "every HNV device has an interface")
        : Check.warn("pending-devices", "no interface yet: " + String.join(", ", pending),
            "wait for udev (udevadm settle), check the driver in dmesg (mlx5_core, ibmvnic, ibmveth), then hnvctl scan");
  }

  /** Problems discovery found that no other check reports (unreadable properties, missing mode, …). */
  static Check deviceTree(Discovery d) {
    List<String> problems = new ArrayList<>();
    for (String p : d.problems()) {
      if (!p.contains("at most") && !p.contains("vPMEM")) {
        problems.add(p);
      }
    }
    for (Hnv h : d.hnvs()) {
      for (Port p : h.ports()) {
        p.problems().stream().filter(x -> !x.contains("not Mellanox"))
            .forEach(x -> problems.add(p.ofPath() + ": " + x));
      }
    }
    return problems.isEmpty()
        ? Check.pass("device-tree", d.hnvs().size() + " HNV(s) read without problems")
        : Check.warn("device-tree", String.join("; ", problems),
            "compare with the HMC's HNV configuration (hnvctl discover shows what was read)");
  }

  /** One check per HNV: the kernel bond exists, the VF is enslaved, primary and active, a backup stands by. */
  static List<Check> bonds(Discovery d, Map<String, Link> links, Map<String, BondState> bonds) {
    List<Check> out = new ArrayList<>();
    for (Hnv h : d.hnvs()) {
      out.add(bond(h, links, bonds.get(h.bondName())));
    }
    return out;
  }

  static Check bond(Hnv h, Map<String, Link> links, BondState b) {
    String name = "hnv " + h.bondName();
    String scan = "hnvctl scan (reconciles the bond; hnvctl plan shows what it would change)";
    if (h.presentPorts().isEmpty()) {
      return Check.warn(name, "no device of this HNV has an interface", "see pending-devices");
    }
    if (b == null) {
      return Check.warn(name, "no kernel bond " + h.bondName() + " for " + names(h.presentPorts()), scan);
    }
    List<String> issues = new ArrayList<>();
    if (!b.mode().equals("active-backup")) {
      issues.add("mode is " + b.mode() + ", not active-backup");
    }
    Optional<String> vf = h.primary();
    List<String> backups = h.presentPorts().stream().filter(p -> p.kind() != PortKind.SRIOV)
        .map(p -> p.ifname().orElseThrow()).toList();
    if (vf.isEmpty()) {
      issues.add("no SR-IOV VF present (running on " + (b.activeSlave().isEmpty() ? "nothing" : b.activeSlave())
          + "; normal during a migration until the HMC adds the VF)");
    } else {
      String v = vf.get();
      if (!b.slaves().contains(v)) {
        issues.add("VF " + v + " is not enslaved");
      } else {
        if (!b.primary().equals(v)) {
          issues.add("primary is " + (b.primary().isEmpty() ? "unset" : b.primary()) + ", should be VF " + v);
        }
        if (carrier(links, v) && !b.activeSlave().equals(v)) {
          issues.add((b.activeSlave().isEmpty() ? "no port" : b.activeSlave()) + " is active although VF " + v
              + " has carrier (primary not restored after failover)");
        }
      }
    }
    List<String> standby = backups.stream().filter(b.slaves()::contains).toList();
    if (standby.isEmpty()) {
      issues.add("no backup port enslaved: a live migration would drop the network");
    } else if (standby.stream().noneMatch(s -> carrier(links, s))) {
      issues.add("backup " + String.join(", ", standby) + " has no carrier: a live migration would drop the network");
    }
    if (!issues.isEmpty()) {
      return Check.warn(name, String.join("; ", issues), scan);
    }
    return Check.pass(name, "active-backup, VF " + vf.orElseThrow() + " primary and active, backup "
        + String.join(", ", standby) + " standing by");
  }

  /**
   * The LPM gate's answer per VF, by the rule hcnqrydev uses (path evidence included): a backup with
   * carrier whose path is dead is found here, not at the next migration.
   */
  static Check gate(List<MigrationCheck.VfVerdict> verdicts, String policy) {
    if (verdicts.isEmpty()) {
      return Check.skip("migration-gate", "no SR-IOV VF with an interface: nothing to ask");
    }
    List<String> unsafe = new ArrayList<>();
    List<String> safe = new ArrayList<>();
    for (MigrationCheck.VfVerdict v : verdicts) {
      (v.verdict().safe() ? safe : unsafe).add(v.bond() + " " + v.ifname() + ": " + v.verdict().reason());
    }
    if (!unsafe.isEmpty()) {
      return Check.warn("migration-gate", "policy " + policy + "; hcnqrydev would answer busy for "
          + String.join("; ", unsafe), "check the backup's path (the VIOS's SEA, its uplink, the switch port and "
          + "VLAN); hnvctl status shows when each port's path last answered; journalctl -u hcn-init");
    }
    return Check.pass("migration-gate", "policy " + policy + "; " + String.join("; ", safe));
  }

  private static boolean carrier(Map<String, Link> links, String ifname) {
    Link l = links.get(ifname);
    return l != null && l.carrier();
  }

  private static String name(Port p) {
    return p.ifname().orElse(p.ofPath());
  }

  private static String names(List<Port> ports) {
    return String.join(", ", ports.stream().map(DoctorHnvChecks::name).toList());
  }
}
