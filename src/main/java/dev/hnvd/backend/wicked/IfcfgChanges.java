package dev.hnvd.backend.wicked;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ifcfg files one plan touches: what each holds on disk (read once, the snapshot rollback
 * restores) and what the plan makes of it, computed entirely in memory before the first write so
 * that a refusal changes nothing.
 */
final class IfcfgChanges {
  private final IfcfgDir dir;
  /** Bytes on disk when first touched; empty = the file did not exist. Insertion order = touch order. */
  private final Map<String, Optional<byte[]>> before = new LinkedHashMap<>();
  private final Map<String, Optional<IfcfgFile>> after = new LinkedHashMap<>();
  /** The last plan step that changed each file, to name it when writing fails. */
  private final Map<String, String> causes = new LinkedHashMap<>();

  IfcfgChanges(IfcfgDir dir) {
    this.dir = dir;
  }

  /** The file as the plan has left it so far; empty if absent (or deleted by an earlier step). */
  Optional<IfcfgFile> get(String name) {
    load(name);
    return after.get(name);
  }

  void put(String name, IfcfgFile file, String cause) {
    load(name);
    after.put(name, Optional.of(file));
    causes.put(name, cause);
  }

  void delete(String name, String cause) {
    load(name);
    after.put(name, Optional.empty());
    causes.put(name, cause);
  }

  private void load(String name) {
    if (before.containsKey(name)) {
      return;
    }
    try {
      Optional<byte[]> bytes = dir.read(name);
      before.put(name, bytes);
      after.put(name, bytes.map(IfcfgFile::parse));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.path().resolve(name), e);
    }
  }

  /** One file whose bytes the plan changes: its content before and after (empty = absent). */
  record Change(String name, Optional<byte[]> before, Optional<byte[]> after, String cause) {
    boolean deletes() {
      return after.isEmpty();
    }
  }

  /** The files whose bytes differ from the disk, in the order they were first touched. */
  List<Change> changes() {
    List<Change> out = new ArrayList<>();
    for (Map.Entry<String, Optional<byte[]>> e : before.entrySet()) {
      Optional<byte[]> now = after.get(e.getKey()).map(IfcfgFile::toBytes);
      boolean same = e.getValue().isPresent() == now.isPresent()
          && (now.isEmpty() || Arrays.equals(e.getValue().get(), now.get()));
      if (!same) {
        out.add(new Change(e.getKey(), e.getValue(), now, causes.getOrDefault(e.getKey(), "")));
      }
    }
    return out;
  }
}
