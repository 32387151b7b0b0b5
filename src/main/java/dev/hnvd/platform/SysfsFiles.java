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
    if (!plain(file)) {
      // A File would lose the name's bytes (see FileNames); Files keeps them.
      try (InputStream in = Files.newInputStream(file)) {
        return Optional.of(text(in.readNBytes(MAX_BYTES)));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
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

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).replace("\0", "").strip();
  }

  /**
   * Whether a {@link File} names the same file as {@code p}: true for an ASCII path, the only
   * kind every locale spells the same (see {@link FileNames}).
   */
  static boolean plain(Path p) {
    String s = p.toString();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** The file name of a symlink's target ({@code master -> ../bond0} gives bond0), else empty. */
  static Optional<String> linkTargetName(Path link) {
    // exists() follows the link: a dangling one is no master either.
    if (plain(link) ? !link.toFile().exists() : !Files.exists(link)) {
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

  /**
   * Names of the interfaces in {@code <sysfs>/class/net} that resolve to a directory, sorted.
   * The kernel allows any bytes but '/' and NUL in a name; one that is not UTF-8 cannot be named
   * to NetworkManager or wicked and is left out, and added to {@code undecodable} as shown.
   */
  static List<String> interfaces(Path sysfs, List<String> undecodable) {
    Path classNet = sysfs.resolve("class/net");
    List<String> out = new ArrayList<>();
    // The usual case, every name ASCII: File's strings and boolean probes (cheap, hcnqrydev reads
    // this on every call). Otherwise paths that keep each name's bytes.
    String[] names = plain(classNet) ? classNet.toFile().list() : null;
    if (names != null && Arrays.stream(names).allMatch(n -> n.chars().allMatch(c -> c < 0x80))) {
      File dir = classNet.toFile();
      for (String name : names) {
        // Entries are symlinks into /sys/devices; isDirectory follows them and answers false for
        // a dangling link or a loop.
        if (new File(dir, name).isDirectory()) {
          out.add(name);
        }
      }
      out.sort(null);
      return out;
    }
    for (Path p : FileNames.list(classNet)) {
      // Entries are symlinks into /sys/devices; isDirectory follows them and answers false for a
      // dangling link or a loop.
      if (!Files.isDirectory(p)) {
        continue;
      }
      Optional<String> name = FileNames.utf8(p);
      if (name.isPresent()) {
        out.add(name.get());
      } else {
        undecodable.add(FileNames.shown(p));
      }
    }
    out.sort(null);
    return out;
  }

  static List<String> interfaces(Path sysfs) {
    return interfaces(sysfs, new ArrayList<>());
  }

  /** The names in a directory, unsorted; none if it is not a readable directory. */
  static List<String> entries(Path dir) {
    if (!plain(dir)) {
      return FileNames.list(dir).stream().map(FileNames::shown).toList();
    }
    return entries(dir.toFile());
  }

  static List<String> entries(File dir) {
    String[] names = dir.list();
    return names == null ? List.of() : Arrays.asList(names);
  }

  /** True when {@code dir/name} is a directory (following links). */
  static boolean isDir(Path dir, String name) {
    if (!plain(dir)) {
      return Files.isDirectory(dir.resolve(name));
    }
    return new File(dir.toFile(), name).isDirectory();
  }
}
