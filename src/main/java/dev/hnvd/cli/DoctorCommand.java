package dev.hnvd.cli;

import dev.hnvd.engine.EngineFactory;
import dev.hnvd.engine.Settings;
import dev.hnvd.json.Json;
import dev.hnvd.backend.SystemdUnits;
import dev.hnvd.backend.UnitStates;
import dev.hnvd.engine.Engine;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.HnvException;
import dev.hnvd.platform.OsRelease;
import dev.hnvd.platform.Roots;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hnvctl doctor}: what can be checked from the LPAR, each with a verdict and a remedy. */
@Command(name = "doctor",
    description = {
        "Check this LPAR for what HNV needs and for IBM's known HNV issues; changes nothing.",
        "",
        "Checks: PowerVM LPAR, migratable partition, distribution and version for the backup devices "
            + "present, connection manager (NetworkManager or wicked) and whether it runs, HNV bonds the other "
            + "manager still holds after a switch (reported, never deleted), bonding driver, "
            + "hnvd's unit and D-Bus policy, daemon running, powerpc-utils' hcn-init-NetworkManager/-wicked "
            + "units not in use, which Java runs hnvd, DynamicRM package version, vPMEM, non-Mellanox SR-IOV "
            + "primary, more than 10 HNV ports, devices without an interface, inconsistent device trees (one DRC "
            + "index on two nodes, several primaries in one HCN, invalid HCN ids, a missing device tree), and "
            + "each HNV bond (VF enslaved, primary and active, backup with carrier), and the migration gate "
            + "per VF (hcnqrydev's rule: a backup with carrier and, by default, a path that answered lately).",
        "",
        "Each check prints PASS, WARN or FAIL (INFO: a fact, neither good nor bad; SKIP: nothing to check), "
            + "and a fix: line under each warning and failure."},
    exitCodeListHeading = "Exit status%n",
    exitCodeList = {"0:no check failed (warnings may be present)", "1:at least one check failed"})
final class DoctorCommand implements Callable<Integer> {
  @ParentCommand HnvCtl top;
  @Mixin HelpOption help;

  @Option(names = "--json", description = "Machine-readable output: checks (name, status, detail, fix) and a summary.")
  boolean json;

  /** Tests point this at a stub; production honours HNVD_RPM, else rpm on PATH. */
  @Option(names = "--rpm", hidden = true)
  String rpm;

  @Override
  public Integer call() {
    Roots roots = EngineFactory.roots(top.settings);
    Engine e = top.engine();
    String rpmCmd = rpm != null ? rpm : System.getenv().getOrDefault("HNVD_RPM", "rpm");
    Discovery d = e.discover();
    Doctor.Inputs in = new Doctor.Inputs(roots, d, OsRelease.read(roots), e.kernel().links(),
        e.kernel().bonds(), systemd(top.settings), DoctorRpm.query(rpmCmd, roots.root()),
        e.migrationSafety(d), e.gatePolicy().word());
    List<Doctor.Check> checks = Doctor.run(in);
    top.out.print(json ? Json.write(Doctor.json(checks)) + "\n" : Doctor.table(checks));
    return Doctor.exitCode(checks);
  }

  /**
   * systemd over the bus, one connection per question (doctor asks a handful). A simulated root
   * (not {@code /}) never asks the host's systemd: its answers would be about another machine.
   */
  static UnitStates systemd(Settings s) {
    boolean host = s.root().toAbsolutePath().normalize().toString().equals("/");
    return name -> {
      if (!host && (s.bus() == null || s.bus().isBlank())) {
        throw new HnvException(HnvException.Kind.UNREACHABLE, "systemd not asked for a simulated root " + s.root());
      }
      try (SystemdUnits u = s.bus() == null || s.bus().isBlank()
          ? SystemdUnits.onSystemBus() : SystemdUnits.onBus(s.bus())) {
        return u.load(name);
      }
    };
  }
}
