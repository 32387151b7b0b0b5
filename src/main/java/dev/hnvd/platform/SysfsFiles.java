package dev.hnvd.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tolerant reads of sysfs attributes. sysfs answers odd things (EINVAL for {@code carrier} of a
 * down link, files that vanish between listing and reading while udev renames), so nothing here
 * throws: an unreadable attribute is simply absent.
 */
final class SysfsFiles {
  /** sysfs attributes are at most a page. */
  private static final int MAX_BYTES = 4096;

  private SysfsFiles() {}

  /** The attribute with NULs removed and surrounding whitespace trimmed; empty if unreadable. */
  static Optional<String> read(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] b = in.readNBytes(MAX_BYTES);
        String s = new String(b, StandardCharsets.UTF_8).replace("\0", "").strip();
        return Optional.of(s);
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The file name of a symlink's target ({@code master -> ../bond0} gives bond0), else empty. */
  static Optional<String> linkTargetName(Path link) {
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
    List<String> out = new ArrayList<>();
    Path classNet = sysfs.resolve("class/net");
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(classNet)) {
      for (Path p : ds) {
        // Entries are symlinks into /sys/devices; isDirectory follows them and answers false for a
        // dangling link or a loop (which would otherwise throw ELOOP later).
        if (Files.isDirectory(p)) {
          out.add(p.getFileName().toString());
        }
      }
    } catch (IOException | RuntimeException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  /** True when {@code dir/name} is a directory (following links). */
  static boolean isDir(Path dir, String name) {
    try {
      return Files.isDirectory(dir.resolve(name));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** True when the directory has an entry starting with {@code prefix} (e.g. {@code lower_}). */
  static boolean hasEntryStartingWith(Path dir, String prefix) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (p.getFileName().toString().startsWith(prefix)) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** True when the entry exists itself (a symlink counts, even a broken one). */
  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
