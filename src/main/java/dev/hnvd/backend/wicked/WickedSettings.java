package dev.hnvd.backend.wicked;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the wicked backend finds things and how long it waits.
 *
 * @param ifcfgDir the sysconfig directory, normally {@code /etc/sysconfig/network}
 * @param wicked the {@code wicked} client program
 * @param stateDir our private state (the rollback journal of an apply in progress)
 * @param sysfs the sysfs mount, for runtime {@code bonding/*} writes
 * @param callTimeout the longest one wicked call may take before it is killed
 * @param verifyDeadline how long the kernel may take to show the planned bond state
 */
public record WickedSettings(
    Path ifcfgDir, Path wicked, Path stateDir, Path sysfs, Duration callTimeout, Duration verifyDeadline) {

  public WickedSettings {
    Objects.requireNonNull(ifcfgDir, "ifcfgDir");
    Objects.requireNonNull(wicked, "wicked");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(sysfs, "sysfs");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout (" + callTimeout + ") must be positive");
    }
    if (verifyDeadline.isNegative()) {
      throw new IllegalArgumentException("verifyDeadline (" + verifyDeadline + ") must not be negative");
    }
  }

  /**
   * The standard layout under {@code root} ({@code /} in production, a temp dir in tests):
   * {@code etc/sysconfig/network}, {@code usr/sbin/wicked}, {@code var/lib/hnvd/wicked},
   * {@code sys}; 60 s per wicked call (wicked's own WAIT_FOR_INTERFACES default is 30 s), 30 s
   * to verify.
   */
  public static WickedSettings underRoot(Path root) {
    return new WickedSettings(
        root.resolve("etc/sysconfig/network"),
        root.resolve("usr/sbin/wicked"),
        root.resolve("var/lib/hnvd/wicked"),
        root.resolve("sys"),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30));
  }

  public WickedSettings withWicked(Path program) {
    return new WickedSettings(ifcfgDir, program, stateDir, sysfs, callTimeout, verifyDeadline);
  }

  public WickedSettings withStateDir(Path dir) {
    return new WickedSettings(ifcfgDir, wicked, dir, sysfs, callTimeout, verifyDeadline);
  }

  public WickedSettings withSysfs(Path dir) {
    return new WickedSettings(ifcfgDir, wicked, stateDir, dir, callTimeout, verifyDeadline);
  }

  public WickedSettings withTimeouts(Duration call, Duration verify) {
    return new WickedSettings(ifcfgDir, wicked, stateDir, sysfs, call, verify);
  }
}
