package dev.hnvd.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Runtime bond changes through sysfs ({@code <sysfs>/class/net/<bond>/bonding/*}) that neither
 * connection manager makes without re-activating the bond (which would cost an outage): the
 * primary and the active port, for both backends; and, for wicked, deleting a bond it holds no
 * state for. The root is configurable so tests and rigs point it elsewhere. Never creates an
 * attribute file: a missing one means the bond is not there. Profiles stay the backends' job.
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

  /**
   * Writes one {@code bonding/<attribute>}. The value goes without a trailing newline: the
   * bonding driver strips one if present, so both forms mean the same to it.
   */
  public void write(String bond, String attribute, String value) throws IOException {
    // sysfs attributes are written in place (no temp+rename there); one write, the kernel parses it.
    Files.write(bonding(bond).resolve(attribute), value.getBytes(StandardCharsets.US_ASCII),
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Deletes a bond the way wicked itself does ({@code -<bond>} into
   * {@code class/net/bonding_masters}): for a bond of ours that wicked holds no state for.
   */
  public void delete(String bond) throws IOException {
    Path file = sysfs.resolve("class/net/bonding_masters");
    try {
      Files.write(file, ("-" + bond).getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new IOException("cannot delete " + bond + " through " + file + ": " + e, e);
    }
  }

  /** Current value of a bonding attribute, trimmed; empty if absent. */
  public String read(String bond, String attribute) {
    try {
      return Files.readString(bonding(bond).resolve(attribute), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private Path bonding(String bond) {
    if (bond.isEmpty() || bond.contains("/") || bond.startsWith(".")) {
      throw new IllegalArgumentException("bad bond name '" + bond + "'");
    }
    return sysfs.resolve("class/net").resolve(bond).resolve("bonding");
  }
}
