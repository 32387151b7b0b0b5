package dev.hnvd.platform;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tolerant reads of sysfs attributes. sysfs answers odd things (EINVAL for {@code carrier} of a
 * down link, files that vanish between listing and reading while udev renames), so nothing here
 * throws: an unreadable attribute is simply absent.
 *
 * <p>Probes go through {@link File}, whose answers are booleans: the {@code Files} equivalents
 * throw and catch an exception for every attribute that does not exist, and most don't (a veth has
 * no {@code device/}, an unbonded link no {@code bonding_slave/}). hcnqrydev's answer time is mostly
 * these reads.
 */
final class SysfsFiles {
  /** sysfs attributes are at most a page. */
  private static final int MAX_BYTES = 4096;

  private SysfsFiles() {}

  /** The attribute with NULs removed and surrounding whitespace trimmed; empty if unreadable. */
  static Optional<String> read(Path file) {
    File f = file.toFile();
    if (!f.isFile()) {
      return Optional.empty();
    }
    try (InputStream in = new FileInputStream(f)) {
      byte[] b = in.readNBytes(MAX_BYTES);
      String s = new String(b, StandardCharsets.UTF_8).replace("\0", "").strip();
      return Optional.of(s);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The file name of a symlink's target ({@code master -> ../bond0} gives bond0), else empty. */
  static Optional<String> linkTargetName(Path link) {
    // exists() follows the link: a dangling one is no master either.
    if (!link.toFile().exists()) {
      return Optional.empty();
    }
    try {
      if (!Files.isSymbolicLink(link)) {
        return Optional.empty();
      }
      Path target = Files.readSymbolicLink(link).getFileName();
      return target == null ? Optional.empty() : Optional.of(target.toString());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Names of the interfaces in {@code <sysfs>/class/net} that resolve to a directory, sorted. */
  static List<String> interfaces(Path sysfs) {
    File classNet = sysfs.resolve("class/net").toFile();
    List<String> out = new ArrayList<>();
    for (String name : entries(classNet)) {
      // Entries are symlinks into /sys/devices; isDirectory follows them and answers false for a
      // dangling link or a loop.
      if (new File(classNet, name).isDirectory()) {
        out.add(name);
      }
    }
    out.sort(null);
    return out;
  }

  /** The names in a directory, unsorted; none if it is not a readable directory. */
  static List<String> entries(File dir) {
    String[] names = dir.list();
    return names == null ? List.of() : Arrays.asList(names);
  }

  /** True when {@code dir/name} is a directory (following links). */
  static boolean isDir(Path dir, String name) {
    return new File(dir.toFile(), name).isDirectory();
  }
}
