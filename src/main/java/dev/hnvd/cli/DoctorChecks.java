package dev.hnvd.cli;

import dev.hnvd.backend.BackendChooser;
import dev.hnvd.backend.UnitStates;
import dev.hnvd.cli.Doctor.Check;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.HnvException;
import dev.hnvd.platform.Roots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The system-wide checks of {@code hnvctl doctor}: platform, connection manager, bonding module,
 * hnvd's own installation, and the powerpc-utils units that must not run next to it. Each reads
 * only under the given root (and asks the given systemd), so tests build the answer on disk.
 */
final class DoctorChecks {
  /** powerpc-utils' boot-scan units besides hcn-init.service (SLES, upstream). */
  static final List<String> OLD_UNITS = List.of("hcn-init-NetworkManager.service", "hcn-init-wicked.service");

  private DoctorChecks() {}

  static Check platform(Discovery d) {
    return d.powervm()
        ? Check.pass("powervm", "PowerVM LPAR (cpuinfo platform pSeries, not emulated by qemu)")
        : Check.fail("powervm", "not a PowerVM LPAR: HNV exists only there, and hnvd's commands do nothing here",
            "run hnvd on a PowerVM LPAR (KVM pseries guests and PowerNV hosts have no HNV)");
  }

  /** Information only: a partition without the property cannot be migrated, so HNV buys no mobility. */
  static Check migratable(Discovery d) {
    return d.migratable()
        ? Check.pass("migratable", "partition is migratable (ibm,migratable-partition)")
        : Check.info("migratable",
            "partition is not migratable (no ibm,migratable-partition): HNV works, live migration does not");
  }

  /**
   * Which manager hnvd would drive, chosen exactly as the commands choose it. systemd not answering
   * is a warning (containers, rescue shells): the commands then try NetworkManager directly.
   */
  static Check connectionManager(Roots roots, UnitStates units) {
    Recording rec = new Recording(units);
    BackendChooser.Choice choice;
    try {
      choice = new BackendChooser(roots.root(), rec).choose();
    } catch (HnvException e) {
      if (rec.unreachable.isPresent()) {
        return Check.warn("connection-manager", "cannot tell: " + e.getMessage(),
            "check that systemd and the system bus run (systemctl status dbus)");
      }
      return Check.fail("connection-manager", e.getMessage(),
          "enable and start the distribution's manager: systemctl enable --now NetworkManager "
              + "(SLES with wicked: systemctl enable --now wicked)");
    }
    if (rec.unreachable.isPresent()) {
      return Check.warn("connection-manager", (choice.kind() == BackendChooser.Kind.NM ? "NetworkManager" : "wicked")
          + " assumed: " + choice.reason(),
          "check that systemd and the system bus run (systemctl status dbus)");
    }
    if (choice.kind() == BackendChooser.Kind.WICKED) {
      UnitStates.Unit wicked = load(units, "wicked.service").orElse(null);
      if (wicked == null || !wicked.active()) {
        return Check.warn("connection-manager", "wicked chosen but not running: " + choice.reason(),
            "systemctl enable --now wicked (hnvd writes ifcfg files that wicked applies when it starts)");
      }
    }
    return Check.pass("connection-manager", (choice.kind() == BackendChooser.Kind.NM ? "NetworkManager" : "wicked")
        + ": " + choice.reason());
  }

  /**
   * The bonding driver: loaded ({@code /sys/module/bonding}) or installable for the running kernel
   * ({@code /lib/modules/<release>/kernel/drivers/net/bonding/bonding.ko*}, or built in).
   */
  static Check bondingModule(Roots roots) {
    if (Files.isDirectory(roots.sysfs().resolve("module/bonding"))) {
      return Check.pass("bonding-module", "bonding driver loaded");
    }
    String release = read(roots.resolve("/proc/sys/kernel/osrelease")).strip();
    String fix = "install the package with the bonding driver for the running kernel "
        + "(RHEL: kernel-modules-core or kernel-modules; SLES: kernel-default), then reboot into it";
    if (release.isEmpty()) {
      return Check.fail("bonding-module", "bonding not loaded and the kernel release is unknown "
          + "(/proc/sys/kernel/osrelease unreadable)", fix);
    }
    for (String base : List.of("/lib/modules/", "/usr/lib/modules/")) {
      Path dir = roots.resolve(base + release + "/kernel/drivers/net/bonding");
      if (hasFileStartingWith(dir, "bonding.ko")) {
        return Check.pass("bonding-module", "bonding driver available for kernel " + release
            + " (not loaded yet; the connection manager loads it with the first bond)");
      }
      if (read(roots.resolve(base + release + "/modules.builtin")).contains("/bonding.ko")) {
        return Check.pass("bonding-module", "bonding driver built into kernel " + release);
      }
    }
    return Check.fail("bonding-module", "no bonding driver for kernel " + release + " (not loaded, no bonding.ko)", fix);
  }

  /** The package's files: the unit and the D-Bus policy (without it the daemon cannot own its name). */
  static Check installed(Roots roots) {
    Path shipped = roots.resolve("/usr/lib/hnvd/hcn-init.service");
    Path linked = roots.resolve("/etc/systemd/system/hcn-init.service");
    Path policy = roots.resolve("/usr/share/dbus-1/system.d/dev.hnvd.Hnvd1.conf");
    List<String> missing = new ArrayList<>();
    if (!Files.exists(shipped) && !Files.exists(linked)) {
      missing.add("hcn-init.service (/usr/lib/hnvd or /etc/systemd/system)");
    }
    if (!Files.exists(policy)) {
      missing.add("D-Bus policy /usr/share/dbus-1/system.d/dev.hnvd.Hnvd1.conf");
    }
    if (!missing.isEmpty()) {
      return Check.fail("installed", "missing: " + String.join(", ", missing),
          "install the hnvd package (rpm -V hnvd shows what was removed)");
    }
    if (Files.exists(shipped) && !isLinkTo(linked, "/usr/lib/hnvd/hcn-init.service")) {
      return Check.warn("installed", "/etc/systemd/system/hcn-init.service is not hnvd's link: "
              + "hcn-init.service may run powerpc-utils' scan instead of hnvd",
          "/usr/lib/hnvd/hnvd-takeover claim; systemctl daemon-reload; systemctl enable --now hcn-init");
    }
    return Check.pass("installed", "hcn-init.service and the D-Bus policy are in place");
  }

  /**
   * Which Java runs this answer (the daemon's when the daemon answers) and how the launcher found
   * it ({@code HNVD_JAVA_FROM}): an admin with several JDKs sees which one hnvd took.
   */
  static Check java(java.util.Properties props, String from) {
    String version = props.getProperty("java.runtime.version", props.getProperty("java.version", "?"));
    String vendor = props.getProperty("java.vendor", "?");
    String home = props.getProperty("java.home", "?");
    String how = from == null || from.isEmpty() ? "not started by hnvd-launcher"
        : from.equals("JAVA") ? "set by $JAVA"
        : from.equals("JAVA_HOME") ? "from $JAVA_HOME"
        : "found at " + from;
    return Check.pass("java", "Java " + version + " (" + vendor + ") in " + home + ", " + how);
  }

  static Check daemonRunning(Roots roots) {
    Path sock = roots.resolve("/run/hnvd/hnvd.sock");
    return Files.exists(sock)
        ? Check.pass("daemon", "hnvd is running (/run/hnvd/hnvd.sock)")
        // Nothing starts hnvd on demand: without it each HMC command runs by itself (slower, still
        // serialised by the engine lock), and nobody reconciles at boot or after an event.
        : Check.warn("daemon", "hnvd is not running (no /run/hnvd/hnvd.sock): the HMC's commands still work, "
                + "each running by itself, but nothing reconciles the HNVs at boot or after a change",
            "systemctl enable --now hcn-init; journalctl -u hcn-init -b");
  }

  /**
   * powerpc-utils' other scan units, enabled (and not masked) or running: two tools would then
   * fight over the same bonds.
   */
  static Check oldUnits(Roots roots, UnitStates units) {
    List<String> found = new ArrayList<>();
    for (String unit : OLD_UNITS) {
      if (isLinkTo(roots.resolve("/etc/systemd/system/" + unit), "/dev/null")) {
        continue;
      }
      if (Files.exists(roots.resolve("/etc/systemd/system/multi-user.target.wants/" + unit), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        found.add(unit + " enabled");
      } else if (load(units, unit).map(UnitStates.Unit::active).orElse(false)) {
        found.add(unit + " active");
      }
    }
    if (found.isEmpty()) {
      return Check.pass("old-hcnmgr-units", "powerpc-utils' hcn-init-NetworkManager/-wicked units are not in use");
    }
    return Check.fail("old-hcnmgr-units", "two HNV managers: " + String.join(", ", found),
        "systemctl disable --now " + String.join(" ", OLD_UNITS) + "; systemctl mask " + String.join(" ", OLD_UNITS)
            + " (or /usr/lib/hnvd/hnvd-takeover claim)");
  }

  // ---------------------------------------------------------------- helpers

  /** systemd's answer, or empty when it cannot be asked. */
  static Optional<UnitStates.Unit> load(UnitStates units, String name) {
    try {
      return Optional.of(units.load(name));
    } catch (HnvException e) {
      return Optional.empty();
    }
  }

  private static boolean isLinkTo(Path link, String target) {
    try {
      return Files.isSymbolicLink(link) && Files.readSymbolicLink(link).toString().equals(target);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean hasFileStartingWith(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
      return ds.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** Remembers whether systemd could not be asked, so "cannot tell" is not reported as "broken". */
  private static final class Recording implements UnitStates {
    private final UnitStates delegate;
    private Optional<String> unreachable = Optional.empty();

    Recording(UnitStates delegate) {
      this.delegate = delegate;
    }

    @Override
    public Unit load(String name) {
      try {
        return delegate.load(name);
      } catch (HnvException e) {
        unreachable = Optional.of(e.getMessage());
        throw e;
      }
    }
  }
}
