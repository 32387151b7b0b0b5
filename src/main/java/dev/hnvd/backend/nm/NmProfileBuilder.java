package dev.hnvd.backend.nm;

import dev.hnvd.plan.BondOptions;
import dev.hnvd.plan.Profile;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.freedesktop.dbus.types.Variant;

/**
 * The profile builder: between hnvd's bonds and NetworkManager settings dictionaries
 * ({@code a{sa{sv}}}) it builds the bond and port profiles, reads and sets our ownership mark and
 * lays desired settings over stored ones. Comparing them is {@link NmSettingsComparison}'s job.
 * No D-Bus calls. The NM twin of {@code WickedProfileBuilder}.
 */
final class NmProfileBuilder {
  /** {@code user.data} key of our ownership mark; NM requires a namespace dot in the key. */
  static final String MARK_KEY = "hnvd.owner";
  static final String MARK_VALUE = "hnvd";

  private NmProfileBuilder() {}

  /** Deterministic, name-based UUID: re-applying the same plan hits the same profile. */
  static String uuidFor(String profileName) {
    return UUID.nameUUIDFromBytes(("hnvd:" + profileName).getBytes(StandardCharsets.UTF_8)).toString();
  }

  static String portName(String bond, String ifname) {
    return bond + "-" + ifname;
  }

  /**
   * The complete bond profile. IP is disabled unless {@code ipFrom} holds a foreign profile's
   * settings, whose ipv4/ipv6 the bond takes over (adoption of an installer's or user's config).
   */
  static NmConnectionSettings bond(
      String bond, Optional<String> primary, Optional<NmConnectionSettings> ipFrom,
      NmVersion version) {
    Map<String, Map<String, Variant<?>>> s = new LinkedHashMap<>();
    Map<String, Variant<?>> c = new LinkedHashMap<>();
    c.put("id", new Variant<>(bond));
    c.put("uuid", new Variant<>(uuidFor(bond)));
    c.put("type", new Variant<>("bond"));
    c.put("interface-name", new Variant<>(bond));
    c.put("autoconnect", new Variant<>(true));
    // Legacy name on purpose: autoconnect-ports only exists since 1.46. int32, not uint32.
    c.put("autoconnect-slaves", new Variant<>(Integer.valueOf(1)));
    s.put("connection", c);
    s.put("bond", Map.of("options", new Variant<>(new LinkedHashMap<>(BondOptions.desired(primary)), "a{ss}")));
    if (ipFrom.isPresent() && ipFrom.get().containsKey("ipv4")) {
      s.put("ipv4", new LinkedHashMap<>(ipFrom.get().get("ipv4")));
      s.put("ipv6", new LinkedHashMap<>(ipFrom.get().getOrDefault("ipv6",
          Map.of("method", new Variant<>(version.ipv6Off())))));
    } else {
      // A bond without ipv4 would mean DHCP: always explicit.
      s.put("ipv4", Map.of("method", new Variant<>("disabled")));
      s.put("ipv6", Map.of("method", new Variant<>(version.ipv6Off())));
    }
    return withMark(NmConnectionSettings.of(s));
  }

  /** A port profile: ethernet enslaved to the bond by name, no IP settings at all. */
  static NmConnectionSettings port(String bond, String ifname) {
    String name = portName(bond, ifname);
    Map<String, Map<String, Variant<?>>> s = new LinkedHashMap<>();
    Map<String, Variant<?>> c = new LinkedHashMap<>();
    c.put("id", new Variant<>(name));
    c.put("uuid", new Variant<>(uuidFor(name)));
    c.put("type", new Variant<>("802-3-ethernet"));
    c.put("interface-name", new Variant<>(ifname));
    c.put("master", new Variant<>(bond));
    c.put("slave-type", new Variant<>("bond"));
    c.put("autoconnect", new Variant<>(true));
    s.put("connection", c);
    s.put("802-3-ethernet", Map.of());
    return withMark(NmConnectionSettings.of(s));
  }

  /** A copy with our mark added to {@code user.data}, keeping any other user data. */
  static NmConnectionSettings withMark(NmConnectionSettings settings) {
    Map<String, Map<String, Variant<?>>> s = mutable(settings);
    Map<String, Variant<?>> user = new LinkedHashMap<>(s.getOrDefault("user", Map.of()));
    Map<String, String> data = new LinkedHashMap<>(stringMap(user.get("data")));
    data.put(MARK_KEY, MARK_VALUE);
    user.put("data", new Variant<>(data, "a{ss}"));
    s.put("user", user);
    return NmConnectionSettings.of(s);
  }

  static boolean owned(NmConnectionSettings settings) {
    return MARK_VALUE.equals(stringMap(get(settings, "user", "data")).get(MARK_KEY));
  }

  /** A copy with one bond option set, everything else untouched. */
  static NmConnectionSettings withBondOption(
      NmConnectionSettings settings, String key, String value) {
    Map<String, Map<String, Variant<?>>> s = mutable(settings);
    Map<String, Variant<?>> bond = new LinkedHashMap<>(s.getOrDefault("bond", Map.of()));
    Map<String, String> options = new LinkedHashMap<>(stringMap(bond.get("options")));
    options.put(key, value);
    bond.put("options", new Variant<>(options, "a{ss}"));
    s.put("bond", bond);
    return NmConnectionSettings.of(s);
  }

  static Profile toProfile(NmConnectionSettings s) {
    String type = string(s, "connection", "type");
    String slaveType = string(s, "connection", "slave-type");
    Profile.Type kind = "bond".equals(type) ? Profile.Type.BOND
        : "bond".equals(slaveType) ? Profile.Type.BOND_PORT
        : Profile.Type.OTHER;
    String v4 = string(s, "ipv4", "method");
    String v6 = string(s, "ipv6", "method");
    boolean ip = v4.equals("auto") || v4.equals("manual")
        || v6.equals("auto") || v6.equals("dhcp") || v6.equals("manual");
    return new Profile(
        string(s, "connection", "uuid"),
        string(s, "connection", "id"),
        kind,
        string(s, "connection", "interface-name"),
        string(s, "connection", "master"),
        owned(s),
        stringMap(get(s, "bond", "options")),
        ip);
  }

  static String string(NmConnectionSettings s, String setting, String key) {
    Object v = get(s, setting, key);
    return v == null ? "" : v.toString();
  }

  /** The plain Java value of setting.key (the Variant unwrapped), or null when absent. */
  static Object get(NmConnectionSettings s, String setting, String key) {
    Map<String, Variant<?>> m = s.get(setting);
    Variant<?> v = m == null ? null : m.get(key);
    return v == null ? null : v.getValue();
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> stringMap(Object value) {
    Object v = value instanceof Variant<?> var ? var.getValue() : value;
    if (!(v instanceof Map<?, ?> m)) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, x) -> out.put(String.valueOf(k), String.valueOf(x)));
    return out;
  }

  /** A deep copy whose maps may be changed (a cached profile's are read-only). */
  static NmConnectionSettings copy(NmConnectionSettings s) {
    return NmConnectionSettings.of(mutable(s));
  }

  private static Map<String, Map<String, Variant<?>>> mutable(NmConnectionSettings s) {
    Map<String, Map<String, Variant<?>>> out = new LinkedHashMap<>();
    s.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
    return out;
  }

  /**
   * The profile with {@code desired} laid over {@code existing}, setting by setting and key by key:
   * keys we do not manage (and unknown ones) survive an update.
   */
  static NmConnectionSettings overlay(
      NmConnectionSettings existing, NmConnectionSettings desired) {
    Map<String, Map<String, Variant<?>>> out = mutable(existing);
    desired.forEach((setting, keys) -> {
      Map<String, Variant<?>> m = out.computeIfAbsent(setting, k -> new LinkedHashMap<>());
      m.putAll(keys);
    });
    // ipv4/ipv6 come as a whole (disabled, or copied from a foreign profile): no stale addresses.
    for (String ip : List.of("ipv4", "ipv6")) {
      if (desired.containsKey(ip)) {
        out.put(ip, new LinkedHashMap<>(desired.get(ip)));
      }
    }
    return NmConnectionSettings.of(out);
  }
}
