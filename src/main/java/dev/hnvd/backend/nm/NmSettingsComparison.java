package dev.hnvd.backend.nm;

import dev.hnvd.plan.BondOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.freedesktop.dbus.types.Variant;

/**
 * Compares NetworkManager settings dictionaries the way NM means them, not the way D-Bus types
 * them: Variants unwrapped, unsigned and signed integers by value, keys NM omits at their default
 * filled in, bond option spellings normalised. Decides whether a write is needed, and whether a
 * rollback must write a profile back.
 */
final class NmSettingsComparison {
  /** Values GetSettings leaves out because they are NM's defaults. */
  private static final Map<String, Object> DEFAULTS = Map.of("connection.autoconnect", Boolean.TRUE);

  private NmSettingsComparison() {}

  /**
   * True when every key of {@code desired} already has an equal value in {@code existing}
   * (NM omits keys at their default, bond option values are normalised): no write needed.
   */
  static boolean covers(
      NmConnectionSettings existing, NmConnectionSettings desired) {
    for (var setting : desired.entrySet()) {
      if (!existing.containsKey(setting.getKey()) && !setting.getValue().isEmpty()) {
        return false;
      }
      for (var key : setting.getValue().entrySet()) {
        Object want = plain(key.getValue());
        Object have = NmProfileBuilder.get(existing, setting.getKey(), key.getKey());
        if (have == null) {
          have = DEFAULTS.get(setting.getKey() + "." + key.getKey());
        }
        if (setting.getKey().equals("bond") && key.getKey().equals("options")) {
          if (!BondOptions.normalise(NmProfileBuilder.stringMap(have))
              .equals(BondOptions.normalise(NmProfileBuilder.stringMap(want)))) {
            return false;
          }
        } else if (!Objects.equals(plain(have), want)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Variant trees as plain, comparable Java values (Lists, Maps, boxed numbers, strings). */
  static Object plain(Object o) {
    if (o instanceof NmConnectionSettings c) {
      return plain(c.groups());
    }
    if (o instanceof Variant<?> v) {
      return plain(v.getValue());
    }
    if (o instanceof Map<?, ?> m) {
      Map<Object, Object> out = new TreeMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (o instanceof Object[] a) {
      return plain(List.of(a));
    }
    if (o instanceof byte[] b) {
      List<Object> out = new ArrayList<>();
      for (byte x : b) {
        out.add(x);
      }
      return out;
    }
    if (o instanceof Number n && !(o instanceof Integer) && !(o instanceof Long)) {
      // UInt32, UInt64 etc: compare by value
      return n.longValue();
    }
    if (o instanceof Integer i) {
      return i.longValue();
    }
    return o;
  }
}
