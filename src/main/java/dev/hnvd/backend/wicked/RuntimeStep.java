package dev.hnvd.backend.wicked;

/**
 * A runtime effect of a plan step, run after the ifcfg files are written: wicked calls and sysfs
 * writes. {@code cause} is the plan step's description, used to name it when it fails.
 */
sealed interface RuntimeStep {
  String cause();

  /** {@code wicked ifup <bond>}: (re)applies the bond file, enslaving its ports. Run lazily, once. */
  record Ifup(String bond, String cause) implements RuntimeStep {}

  /** {@code wicked ifdown <ifname>}: a released port or a removed bond. */
  record Ifdown(String ifname, String cause) implements RuntimeStep {}

  /** Writes {@code <sysfs>/class/net/<bond>/bonding/<attribute>} once {@code port} is enslaved. */
  record BondAttribute(String bond, String attribute, String port, String cause) implements RuntimeStep {}
}
