package dev.hnvd.platform;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the platform layer reads from: a file-system root plus the device tree and sysfs, each
 * overridable so tests and rigs can point at trees they built.
 *
 * @param root the file-system root ({@code /} in production)
 * @param deviceTree the device tree directory ({@code <root>/proc/device-tree} by default)
 * @param sysfs the sysfs mount ({@code <root>/sys} by default)
 */
public record Roots(Path root, Path deviceTree, Path sysfs) {

  public Roots {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(deviceTree, "deviceTree");
    Objects.requireNonNull(sysfs, "sysfs");
  }

  /** The production roots: {@code /}, {@code /proc/device-tree}, {@code /sys}. */
  public static Roots system() {
    return of(Path.of("/"), null, null);
  }

  /**
   * Roots under {@code root}; a null override means the default place under the root.
   */
  public static Roots of(Path root, Path deviceTreeOverride, Path sysfsOverride) {
    Objects.requireNonNull(root, "root");
    Path dt = deviceTreeOverride != null ? deviceTreeOverride : root.resolve("proc/device-tree");
    Path sys = sysfsOverride != null ? sysfsOverride : root.resolve("sys");
    return new Roots(root, dt, sys);
  }

  /**
   * An absolute system path, e.g. {@code /etc/os-release}, under the root. Leading slashes are
   * dropped so the path can never escape to the real {@code /} when the root is a temp dir.
   */
  public Path resolve(String absolutePath) {
    Objects.requireNonNull(absolutePath, "absolutePath");
    String rel = absolutePath;
    while (rel.startsWith("/")) {
      rel = rel.substring(1);
    }
    return rel.isEmpty() ? root : root.resolve(rel);
  }
}
