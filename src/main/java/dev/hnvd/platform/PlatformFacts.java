package dev.hnvd.platform;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** Platform-wide facts: PowerVM or not, migratable, vPMEM present. */
final class PlatformFacts {
  /** vPMEM nodes sit at depth 2 ({@code /ibm,persistent-memory/ibm,pmemory@…}); no need to go deep. */
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
    if (!Files.isDirectory(dt)) {
      return false;
    }
    boolean[] found = {false};
    try {
      // No FOLLOW_LINKS: a symlink loop in a fake tree must not hang the walk.
      Files.walkFileTree(dt, EnumSet.noneOf(FileVisitOption.class), VPMEM_SEARCH_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (isVpmemNode(dir)) {
                found[0] = true;
                return FileVisitResult.TERMINATE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | RuntimeException e) {
      // A tree we cannot walk has no vPMEM we can see; keep what was found so far.
    }
    return found[0];
  }

  private static boolean isVpmemNode(Path node) {
    try {
      if (DeviceTree.string(node, "device_type").filter("ibm,persistent-memory"::equals).isPresent()) {
        return true;
      }
    } catch (DtReadException e) {
      // Unreadable device_type: compatible may still tell.
    }
    try {
      List<String> compatible = DeviceTree.strings(node, "compatible");
      return compatible.contains("ibm,pmemory") || compatible.contains("ibm,pmemory-v2");
    } catch (DtReadException e) {
      return false;
    }
  }
}
