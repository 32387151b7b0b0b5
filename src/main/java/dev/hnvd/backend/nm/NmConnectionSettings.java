package dev.hnvd.backend.nm;

import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.freedesktop.dbus.types.Variant;

/**
 * One profile's settings as NetworkManager's D-Bus API carries them ({@code a{sa{sv}}}): setting
 * name (connection, bond, ipv4, ...) to key to value. A name for the type the code passes around
 * everywhere; the map itself goes over the wire as it is ({@link #groups()}). Read-only by
 * convention: builders and editors in {@link NmProfileBuilder} make new ones.
 *
 * @param groups the settings, by setting name
 */
record NmConnectionSettings(Map<String, Map<String, Variant<?>>> groups) {

  static NmConnectionSettings of(Map<String, Map<String, Variant<?>>> groups) {
    return new NmConnectionSettings(groups);
  }

  static NmConnectionSettings empty() {
    return new NmConnectionSettings(Map.of());
  }

  /** One setting's keys, or null when the profile has no such setting. */
  Map<String, Variant<?>> get(String setting) {
    return groups.get(setting);
  }

  Map<String, Variant<?>> getOrDefault(String setting, Map<String, Variant<?>> otherwise) {
    return groups.getOrDefault(setting, otherwise);
  }

  boolean containsKey(String setting) {
    return groups.containsKey(setting);
  }

  Set<String> keySet() {
    return groups.keySet();
  }

  Set<Map.Entry<String, Map<String, Variant<?>>>> entrySet() {
    return groups.entrySet();
  }

  void forEach(BiConsumer<String, Map<String, Variant<?>>> each) {
    groups.forEach(each);
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }
}
