package dev.hnvd.backend.nm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * Profile settings by object path, as GetSettings last answered. A daemon answers many commands on
 * one connection, and reading every profile for each (one round trip per profile) made each
 * command's cost grow with the number of profiles on the box. An entry is dropped when its
 * profile's Updated or Removed signal arrives, when we write or roll back, and all of them when
 * NetworkManager restarts; ListConnections, asked every time, decides which profiles exist. A
 * disabled cache (a one-shot command's) keeps nothing and reads every profile each time.
 */
final class NmProfileCache {
  private final Map<String, NmConnectionSettings> byPath = new ConcurrentHashMap<>();
  private final boolean enabled;

  NmProfileCache(boolean enabled) {
    this.enabled = enabled;
  }

  boolean enabled() {
    return enabled;
  }

  /**
   * The settings of each listed profile: cached ones from the cache, the others read (and cached
   * when enabled). A profile whose read answers empty (deleted while we list) is skipped. Entries
   * of profiles no longer listed are dropped.
   */
  List<NmConnectionSettings> all(List<DBusPath> listed,
      Function<DBusPath, Optional<NmConnectionSettings>> read) {
    Set<String> paths = new HashSet<>();
    List<NmConnectionSettings> out = new ArrayList<>();
    for (DBusPath p : listed) {
      paths.add(p.getPath());
      NmConnectionSettings s = byPath.get(p.getPath());
      if (s == null) {
        Optional<NmConnectionSettings> fresh = read.apply(p);
        if (fresh.isEmpty()) {
          continue;
        }
        s = fresh.get();
        if (enabled) {
          // Read-only: every caller shares the cached copy.
          s = frozen(s);
          byPath.put(p.getPath(), s);
        }
      }
      out.add(s);
    }
    byPath.keySet().retainAll(paths);
    return out;
  }

  /** Drops one profile's entry (its signal came, or we write it). */
  void drop(String path) {
    byPath.remove(path);
  }

  /** Drops the entries of these profiles, by UUID. */
  void forget(Collection<String> uuids) {
    byPath.values().removeIf(s -> uuids.contains(NmProfileBuilder.string(s, "connection", "uuid")));
  }

  /** Drops everything (NetworkManager restarted, or rolled back a checkpoint). */
  void clear() {
    byPath.clear();
  }

  private static NmConnectionSettings frozen(NmConnectionSettings s) {
    Map<String, Map<String, Variant<?>>> out = new LinkedHashMap<>();
    s.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(v)));
    return NmConnectionSettings.of(Collections.unmodifiableMap(out));
  }
}
