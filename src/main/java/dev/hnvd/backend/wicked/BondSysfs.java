package dev.hnvd.backend.wicked;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the runtime bonding attributes wicked has no command for ({@code bonding/primary},
 * {@code bonding/active_slave}) under a configurable sysfs root. Never creates files: a missing
 * attribute means the bond is not there.
 */
final class BondSysfs {
  private final Path sysfs;

  BondSysfs(Path sysfs) {
    this.sysfs = sysfs;
  }

  void write(String bond, String attribute, String value) throws IOException {
    Path file = sysfs.resolve("class/net").resolve(bond).resolve("bonding").resolve(attribute);
    try {
      Files.write(file, value.getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new IOException("cannot write " + value + " to " + file + ": " + e, e);
    }
  }

  /**
   * Deletes a bond the way wicked itself does ({@code -<bond>} into
   * {@code class/net/bonding_masters}): for a bond of ours that wicked holds no state for.
   */
  void delete(String bond) throws IOException {
    Path file = sysfs.resolve("class/net/bonding_masters");
    try {
      Files.write(file, ("-" + bond).getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new IOException("cannot delete " + bond + " through " + file + ": " + e, e);
    }
  }
}
