package dev.hnvd.platform;

import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.model.Role;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Device trees the firmware should never present, and which hcnmgr accepted silently. Each rule
 * gives a problem naming the nodes, for {@code hnvctl discover} and {@code hnvctl doctor}; an admin
 * then compares with the HMC's HNV configuration. Pure: over what discovery already read.
 */
final class TreeChecks {
  private TreeChecks() {}

  /**
   * Why an {@code ibm,hcn-id} cannot be used, if it cannot: shorter than a cell, or 0 or
   * 0xffffffff, the values of an id that was never set (a bond of "HCN 0" would gather every
   * such device).
   */
  static Optional<String> badHcnId(byte[] raw) {
    if (raw.length < 4) {
      return Optional.of("ibm,hcn-id has " + raw.length + " bytes, expected at least 4");
    }
    int v = ByteBuffer.wrap(raw, 0, 4).getInt();
    if (v == 0 || v == -1) {
      return Optional.of(String.format(Locale.ROOT, "ibm,hcn-id %s0x%08x is not a valid HCN id",
          raw.length == 4 ? "" : "has " + raw.length + " bytes, expected 4, and its first cell ", v));
    }
    return Optional.empty();
  }

  /**
   * A usable id in a property longer than one cell: hcnmgr read the first 4 bytes and so do we
   * (the HMC's configurations were made with it), but the tree is not what the HMC hands out, so
   * it is said.
   */
  static Optional<String> longHcnId(byte[] raw) {
    return raw.length == 4 ? Optional.empty()
        : Optional.of("ibm,hcn-id has " + raw.length + " bytes, expected 4 (one 32-bit cell); its first 4 are used, as hcnmgr did");
  }

  /** Two device-tree nodes with one DRC index: DynamicRM commands could not tell which is meant. */
  static List<String> sharedDrcIndexes(List<Hnv> hnvs) {
    Map<DrcIndex, List<String>> byDrc = new TreeMap<>(java.util.Comparator.comparing(DrcIndex::hex));
    for (Hnv h : hnvs) {
      for (Port p : h.ports()) {
        byDrc.computeIfAbsent(p.drcIndex(), k -> new ArrayList<>()).add(p.ofPath());
      }
    }
    List<String> out = new ArrayList<>();
    byDrc.forEach((drc, nodes) -> {
      if (nodes.size() > 1) {
        out.add(ambiguous(drc, nodes));
      }
    });
    return out;
  }

  /** The text DynamicRM commands and discovery give for a DRC index several nodes carry. */
  static String ambiguous(DrcIndex drc, List<String> nodes) {
    return "DRC index " + drc.hex() + " is carried by " + nodes.size() + " device-tree nodes ("
        + String.join(", ", nodes.stream().sorted().toList()) + "); not guessing which one is meant";
  }

  /** More than one port of an HCN says {@code primary}: a bond has one primary. */
  static List<String> severalPrimaries(List<Hnv> hnvs) {
    List<String> out = new ArrayList<>();
    for (Hnv h : hnvs) {
      List<String> primaries = h.ports().stream().filter(p -> p.role() == Role.PRIMARY).map(Port::ofPath).toList();
      if (primaries.size() > 1) {
        out.add("HCN " + h.id().hex() + " has " + primaries.size() + " ports with ibm,hcn-mode primary ("
            + String.join(", ", primaries) + "); a bond has one primary"
            + h.primaryPort().map(p -> ", " + p.ofPath() + " is used").orElse(""));
      }
    }
    return out;
  }

  /** One HNV with more ports than the platform allows a whole partition. */
  static List<String> tooManyPorts(List<Hnv> hnvs, int max) {
    List<String> out = new ArrayList<>();
    for (Hnv h : hnvs) {
      if (h.ports().size() > max) {
        out.add("HCN " + h.id().hex() + " has " + h.ports().size() + " ports ("
            + String.join(", ", h.ports().stream().map(Port::ofPath).toList())
            + "); the platform allows no more than " + max + " HNV ports");
      }
    }
    return out;
  }

  /**
   * On a PowerVM cpuinfo the device tree must be there: missing, not a directory, or a symlink
   * loop means nothing can be found, which must not read as "no HNV configured".
   */
  static Optional<String> missingTree(Path deviceTree) {
    try {
      Path real = deviceTree.toRealPath();
      if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(deviceTree + " is not a directory although /proc/cpuinfo says pSeries; no HNV can be read");
      }
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.of(deviceTree + " is missing although /proc/cpuinfo says pSeries; no HNV can be read");
    } catch (IOException | RuntimeException e) {
      return Optional.of(deviceTree + " cannot be opened although /proc/cpuinfo says pSeries ("
          + (e.getMessage() != null && e.getMessage().contains("levels of symbolic links")
              ? "a symbolic link loop" : e.getClass().getSimpleName() + ": " + e.getMessage())
          + "); no HNV can be read");
    }
  }
}
