package dev.hnvd.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where to look and what to drive, shared by every entry point (the CLI in-process, the daemon
 * and each request it is forwarded). Flags win over the environment
 * (HNVD_ROOT, HNVD_DEVICE_TREE, HNVD_SYSFS, HNVD_BACKEND), which lets the DynamicRM names, called
 * by the HMC with fixed arguments, run against a simulated LPAR.
 *
 * @param root everything is read under it ("/" in production)
 * @param deviceTree override of {@code <root>/proc/device-tree}, or null
 * @param sysfs override of {@code <root>/sys}, or null
 * @param backend auto, nm or wicked
 * @param resolveDeadline how long a command waits for udev to name a new device
 * @param bus the system bus address (DBUS_SYSTEM_BUS_ADDRESS), or null for the default
 */
public record Settings(Path root, Path deviceTree, Path sysfs, String backend, Duration resolveDeadline, String bus) {

  public static Settings fromEnv(Map<String, String> env) {
    return new Settings(
        Path.of(env.getOrDefault("HNVD_ROOT", "/")),
        pathOrNull(env.get("HNVD_DEVICE_TREE")),
        pathOrNull(env.get("HNVD_SYSFS")),
        env.getOrDefault("HNVD_BACKEND", "auto"),
        Duration.ofSeconds(parseSeconds(env.get("HNVD_RESOLVE_SECONDS"), 30)),
        env.get("DBUS_SYSTEM_BUS_ADDRESS"));
  }

  public Settings withRoot(Path p) {
    return new Settings(p, deviceTree, sysfs, backend, resolveDeadline, bus);
  }

  public Settings withDeviceTree(Path p) {
    return new Settings(root, p, sysfs, backend, resolveDeadline, bus);
  }

  public Settings withSysfs(Path p) {
    return new Settings(root, deviceTree, p, backend, resolveDeadline, bus);
  }

  public Settings withBackend(String b) {
    if (!b.equals("auto") && !b.equals("nm") && !b.equals("wicked")) {
      throw new IllegalArgumentException("--backend must be auto, nm or wicked, not '" + b + "'");
    }
    return new Settings(root, deviceTree, sysfs, b, resolveDeadline, bus);
  }

  /**
   * Why {@code root} cannot be read from, or empty when it can. A root that is not there would
   * otherwise read as "no HNV devices" and pass silently.
   */
  public static Optional<String> rootProblem(Path root) {
    String where = " (--root or HNVD_ROOT)";
    if (root.toString().isEmpty()) {
      return Optional.of("the root directory is empty" + where);
    }
    if (!Files.exists(root)) {
      return Optional.of("root " + root + " does not exist" + where);
    }
    if (!Files.isDirectory(root)) {
      return Optional.of("root " + root + " is not a directory" + where);
    }
    return Optional.empty();
  }

  /** The cross-process lock, under the root so simulated LPARs do not contend with the host. */
  public Path lockFile() {
    return root.resolve("run/lock/hnvd.lock");
  }

  private static Path pathOrNull(String s) {
    return s == null || s.isEmpty() ? null : Path.of(s);
  }

  private static long parseSeconds(String s, long dflt) {
    try {
      return s == null ? dflt : Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
