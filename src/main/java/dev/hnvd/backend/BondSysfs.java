package dev.hnvd.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Runtime bond changes through sysfs ({@code <sysfs>/class/net/<bond>/bonding/*}): setting the
 * primary and the active port without re-activating the bond (which would cost an outage). The
 * root is configurable so tests and rigs point it elsewhere. Profiles stay the backends' job.
 */
public final class BondSysfs {
  private final Path sysfs;

  public BondSysfs(Path sysfs) {
    this.sysfs = sysfs;
  }

  /** The sysfs root (usually {@code /sys}). */
  public Path root() {
    return sysfs;
  }

  /** True when the kernel has this bond now. */
  public boolean exists(String bond) {
    return Files.isDirectory(bonding(bond));
  }

  /** Writes {@code bonding/primary}; the kernel re-selects the active port if needed. */
  public void setPrimary(String bond, String ifname) throws IOException {
    write(bond, "primary", ifname);
  }

  /** Writes {@code bonding/active_slave}: the port must be enslaved and have carrier. */
  public void setActiveSlave(String bond, String ifname) throws IOException {
    write(bond, "active_slave", ifname);
  }

  /** Current value of a bonding attribute, trimmed; empty if absent. */
  public String read(String bond, String attribute) {
    try {
      return Files.readString(bonding(bond).resolve(attribute), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private void write(String bond, String attribute, String value) throws IOException {
    // sysfs attributes are written in place (no temp+rename there); one write, the kernel parses it.
    Files.writeString(bonding(bond).resolve(attribute), value + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private Path bonding(String bond) {
    if (bond.isEmpty() || bond.contains("/") || bond.startsWith(".")) {
      throw new IllegalArgumentException("bad bond name '" + bond + "'");
    }
    return sysfs.resolve("class/net").resolve(bond).resolve("bonding");
  }
}
