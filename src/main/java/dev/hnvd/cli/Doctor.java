package dev.hnvd.cli;

import dev.hnvd.backend.UnitStates;
import dev.hnvd.engine.MigrationCheck;
import dev.hnvd.model.BondState;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.Link;
import dev.hnvd.platform.OsRelease;
import dev.hnvd.platform.Roots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code hnvctl doctor}'s verdicts: every check is a function of {@link Inputs} (files under the
 * root, a discovery, the kernel's bonds, systemd's answers, rpm's answer), so a fake LPAR can drive
 * each one; this class only runs them in order and renders the result.
 */
final class Doctor {
  private Doctor() {}

  /**
   * How a check came out; only FAIL makes the command exit 1. INFO is a fact that is neither good
   * nor bad (a partition that is not migratable); SKIP is a check with nothing to look at (no
   * SR-IOV port to check the vendor of): neither may read as a PASS.
   */
  enum Status {
    PASS,
    INFO,
    SKIP,
    WARN,
    FAIL;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One line of the report.
   *
   * @param name short stable id, e.g. {@code bonding-module} or {@code hnv bond00001a2b}
   * @param status the verdict
   * @param detail what was found
   * @param fix what to do about it; empty for a pass
   */
  record Check(String name, Status status, String detail, String fix) {
    Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      detail = detail == null ? "" : detail;
      fix = fix == null ? "" : fix;
    }

    static Check pass(String name, String detail) {
      return new Check(name, Status.PASS, detail, "");
    }

    static Check info(String name, String detail) {
      return new Check(name, Status.INFO, detail, "");
    }

    static Check skip(String name, String detail) {
      return new Check(name, Status.SKIP, detail, "");
    }

    static Check warn(String name, String detail, String fix) {
      return new Check(name, Status.WARN, detail, fix);
    }

    static Check fail(String name, String detail, String fix) {
      return new Check(name, Status.FAIL, detail, fix);
    }
  }

  /**
   * Everything the checks look at, gathered once.
   *
   * @param roots where files are read (unit files, modules, the daemon's socket)
   * @param discovery the device tree as hnvd sees it
   * @param os the distribution
   * @param links the kernel's interfaces
   * @param bonds the kernel's bonds
   * @param units systemd (may throw {@code HnvException} UNREACHABLE on every call)
   * @param dynamicRm what rpm says about the DynamicRM package
   * @param gate the LPM gate's verdict per VF (the engine's rule, path evidence included)
   * @param policy the gate's policy word (path or carrier)
   */
  record Inputs(Roots roots, Discovery discovery, OsRelease os, Map<String, Link> links,
      Map<String, BondState> bonds, UnitStates units, DoctorRpm.Answer dynamicRm,
      List<MigrationCheck.VfVerdict> gate, String policy) {
    Inputs {
      links = Map.copyOf(links);
      bonds = Map.copyOf(bonds);
      gate = List.copyOf(gate);
    }

    /** Without the gate's verdicts (a policy of null): no migration-gate line. */
    Inputs(Roots roots, Discovery discovery, OsRelease os, Map<String, Link> links,
        Map<String, BondState> bonds, UnitStates units, DoctorRpm.Answer dynamicRm) {
      this(roots, discovery, os, links, bonds, units, dynamicRm, List.of(), null);
    }
  }

  /** Runs every check, system-wide ones first, then one per HNV. */
  static List<Check> run(Inputs in) {
    List<Check> out = new ArrayList<>();
    out.add(DoctorChecks.platform(in.discovery()));
    out.add(DoctorChecks.migratable(in.discovery()));
    out.add(DoctorSupport.distro(in.os(), in.discovery()));
    out.add(DoctorChecks.connectionManager(in.roots(), in.units()));
    out.add(DoctorSwitch.otherManager(in.roots(), in.units()));
    out.add(DoctorChecks.bondingModule(in.roots()));
    out.add(DoctorChecks.installed(in.roots()));
    out.add(DoctorChecks.daemonRunning(in.roots()));
    out.add(DoctorChecks.java(System.getProperties(), System.getenv("HNVD_JAVA_FROM")));
    out.add(DoctorChecks.oldUnits(in.roots(), in.units()));
    out.add(DoctorRpm.check(in.dynamicRm()));
    out.add(DoctorHnvChecks.vpmem(in.discovery()));
    out.add(DoctorHnvChecks.vendor(in.discovery()));
    out.add(DoctorHnvChecks.portCount(in.discovery()));
    out.add(DoctorHnvChecks.pending(in.discovery()));
    out.add(DoctorHnvChecks.deviceTree(in.discovery()));
    out.addAll(DoctorHnvChecks.bonds(in.discovery(), in.links(), in.bonds()));
    if (in.policy() != null) {
      out.add(DoctorHnvChecks.gate(in.gate(), in.policy()));
    }
    return out;
  }

  /** 0 when nothing failed, else 1 (warnings alone do not fail the command). */
  static int exitCode(List<Check> checks) {
    return checks.stream().anyMatch(c -> c.status() == Status.FAIL) ? 1 : 0;
  }

  private static long count(List<Check> checks, Status s) {
    return checks.stream().filter(c -> c.status() == s).count();
  }

  static Map<String, Object> json(List<Check> checks) {
    List<Object> list = new ArrayList<>();
    for (Check c : checks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("status", c.status().label());
      m.put("detail", c.detail());
      m.put("fix", c.fix().isEmpty() ? null : c.fix());
      list.add(m);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    for (Status s : Status.values()) {
      summary.put(s.label(), (int) checks.stream().filter(c -> c.status() == s).count());
    }
    summary.put("exitCode", exitCode(checks));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("checks", list);
    m.put("summary", summary);
    return m;
  }

  /**
   * {@code STATUS  CHECK  DETAIL} columns; a non-pass row is followed by a {@code fix:} line
   * starting in the DETAIL column, so the eye finds the remedy under the problem.
   */
  static String table(List<Check> checks) {
    int nameWidth = "CHECK".length();
    for (Check c : checks) {
      nameWidth = Math.max(nameWidth, c.name().length());
    }
    String fmt = "%-6s  %-" + nameWidth + "s  %s";
    String indent = " ".repeat(6 + 2 + nameWidth + 2);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, fmt, "STATUS", "CHECK", "DETAIL").stripTrailing()).append('\n');
    for (Check c : checks) {
      sb.append(String.format(Locale.ROOT, fmt, c.status().name(), c.name(), c.detail()).stripTrailing()).append('\n');
      if (c.status() != Status.PASS && !c.fix().isEmpty()) {
        sb.append(indent).append("fix: ").append(c.fix()).append('\n');
      }
    }
    sb.append('\n').append("summary: ").append(count(checks, Status.PASS)).append(" pass, ")
        .append(count(checks, Status.WARN)).append(" warn, ").append(count(checks, Status.FAIL)).append(" fail");
    for (Status s : List.of(Status.INFO, Status.SKIP)) {
      if (count(checks, s) > 0) {
        sb.append(", ").append(count(checks, s)).append(' ').append(s.label());
      }
    }
    sb.append('\n');
    return sb.toString();
  }
}
