package dev.hnvd.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Platform-wide facts: PowerVM or not, migratable, vPMEM present. */
final class PlatformFacts {
  /**
   * vPMEM nodes sit at depth 1 and 2 ({@code /ibm,persistent-memory/ibm,pmemory@…}); nodes down to
   * depth 3 are examined, no deeper.
   */
  private static final int VPMEM_SEARCH_DEPTH = 4;

  private PlatformFacts() {}

  /**
   * PowerVM = {@code platform : pSeries} in cpuinfo and no line saying {@code emulated by qemu}.
   * The stricter half matters: a KVM pseries guest also says pSeries, and hcnmgr took it for an
   * LPAR.
   */
  static boolean powervm(Roots roots) {
    List<String> lines;
    try {
      lines = Files.readAllLines(roots.resolve("/proc/cpuinfo"), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    boolean pseries = false;
    for (String line : lines) {
      if (line.toLowerCase(Locale.ROOT).contains("emulated by qemu")) {
        return false;
      }
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals("platform")
          && line.substring(colon + 1).strip().equals("pSeries")) {
        pseries = true;
      }
    }
    return pseries;
  }

  /** The partition may be migrated ({@code ibm,migratable-partition} at the tree root). */
  static boolean migratable(Roots roots) {
    return DeviceTree.has(roots.deviceTree(), "ibm,migratable-partition");
  }

  /**
   * A vPMEM node exists: {@code device_type = ibm,persistent-memory}, or {@code compatible}
   * containing {@code ibm,pmemory} or {@code ibm,pmemory-v2} (what the kernel's pmem drivers bind).
   */
  static boolean vpmem(Roots roots) {
    Path dt = DeviceTree.realRoot(roots.deviceTree());
    return Files.isDirectory(dt) && vpmemBelow(dt, 0);
  }

  /**
   * Whether {@code node} or a node below it (to the search depth) is vPMEM. Runs on every
   * discovery, so every hcnqrydev, over a real tree of thousands of properties: one listing per
   * node tells which of the two properties exist (no failed reads), and a node whose link count
   * says it has no subdirectories (kernfs, ext4 and tmpfs keep it as 2 + subdirectories; overlayfs
   * answers 1 for "unknown") has its entries left unexamined. Links are not followed: a symlink loop
   * in a fake tree must not hang the walk.
   */
  private static boolean vpmemBelow(Path node, int depth) {
    // Names from File.list() (cheap strings) while every one is ASCII; otherwise paths from a
    // directory listing, which keep the bytes of a name the locale cannot spell (FileNames).
    String[] names = SysfsFiles.plain(node) ? node.toFile().list() : null;
    List<String> entries;
    List<Path> children = null;
    if (names != null && Arrays.stream(names).allMatch(PlatformFacts::ascii)) {
      entries = Arrays.asList(names);
    } else {
      children = FileNames.list(node);
      entries = children.stream().map(FileNames::shown).toList();
    }
    if (isVpmemNode(node, entries)) {
      return true;
    }
    if (depth + 1 >= VPMEM_SEARCH_DEPTH || !mayHaveSubdirectories(node)) {
      return false;
    }
    if (children == null) {
      children = entries.stream().map(node::resolve).toList();
    }
    for (Path child : children) {
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && vpmemBelow(child, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private static boolean ascii(String name) {
    return name.chars().allMatch(c -> c < 0x80);
  }

  private static boolean mayHaveSubdirectories(Path dir) {
    try {
      Object n = Files.getAttribute(dir, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      return !(n instanceof Integer i) || i != 2;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private static boolean isVpmemNode(Path node, List<String> entries) {
    try {
      if (entries.contains("device_type")
          && DeviceTree.string(node, "device_type").filter("ibm,persistent-memory"::equals).isPresent()) {
        return true;
      }
    } catch (DtReadException e) {
      // Unreadable device_type: compatible may still tell.
    }
    try {
      if (!entries.contains("compatible")) {
        return false;
      }
      List<String> compatible = DeviceTree.strings(node, "compatible");
      return compatible.contains("ibm,pmemory") || compatible.contains("ibm,pmemory-v2");
    } catch (DtReadException e) {
      return false;
    }
  }
}
