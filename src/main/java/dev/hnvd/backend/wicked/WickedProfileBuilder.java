package dev.hnvd.backend.wicked;

import dev.hnvd.model.HcnId;
import dev.hnvd.plan.BondOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The profile builder: between an HNV bond and its {@code ifcfg-bond<id>} file (man
 * ifcfg-bonding(5)): the template we write, the slave list, the options and the ownership mark.
 * Every method takes a file and returns a new one; nothing here touches the disk. The wicked
 * twin of {@code NmProfileBuilder}.
 */
final class WickedProfileBuilder {

  /**
   * Our ownership mark. A key rather than a comment: it is read with the same parser as every
   * other value, so it cannot be faked by a stray comment, and wicked ignores keys it does not know.
   */
  static final String OWNER_KEY = "HNVD_OWNER";

  static final String OWNER_VALUE = "hnvd";

  /**
   * Options of every HNV bond, from {@link BondOptions} (spaces, not commas: wicked reserves
   * commas for lists); the primary is set separately.
   */
  static final String BASE_OPTIONS = BondOptions.desired(Optional.empty()).entrySet().stream()
      .map(e -> e.getKey() + "=" + e.getValue())
      .collect(Collectors.joining(" "));

  private static final String OPTS = "BONDING_MODULE_OPTS";
  private static final String SLAVE = "BONDING_SLAVE";
  private static final Pattern UNDERSCORE_STYLE = Pattern.compile("BONDING_SLAVE_(\\d{1,6})");
  private static final Pattern YAST_STYLE = Pattern.compile("BONDING_SLAVE(\\d{1,6})");

  /**
   * Keys that carry a file's IP setup, copied verbatim when a bond takes over the IP settings of an
   * interface's own ifcfg (prefix match, so {@code IPADDR_1}, {@code LABEL_1} … come along).
   */
  private static final List<String> IP_PREFIXES = List.of(
      "BOOTPROTO", "IPADDR", "NETMASK", "PREFIXLEN", "BROADCAST", "REMOTE_IPADDR", "LABEL", "SCOPE",
      "IP_OPTIONS", "DHCLIENT", "DHCLIENT6", "AUTO6_", "ZONE");

  private WickedProfileBuilder() {}

  static boolean owned(IfcfgFile f) {
    return f.get(OWNER_KEY).map(OWNER_VALUE::equals).orElse(false);
  }

  /** Adds the ownership mark and leaves every other line as it was. */
  static IfcfgFile markOwned(IfcfgFile f) {
    return owned(f) ? f : f.set(OWNER_KEY, OWNER_VALUE);
  }

  static boolean isBond(IfcfgFile f) {
    return f.get("BONDING_MASTER").map(v -> v.toLowerCase(Locale.ROOT).equals("yes")).orElse(false);
  }

  /** A fresh bond file for {@code id}: complete in one write, no slaves yet. */
  static IfcfgFile newBond(HcnId id, Optional<String> primary) {
    IfcfgFile f = IfcfgFile.empty()
        .appendComment("HNV bond of hcn-id " + id.hex() + ", managed by hnvd (" + OWNER_KEY
            + " marks it as ours). hnvd rewrites this file; local edits may be lost.")
        .set(OWNER_KEY, OWNER_VALUE)
        .set("STARTMODE", "auto")
        .set("BOOTPROTO", "none")
        .set("BONDING_MASTER", "yes")
        .set(OPTS, BASE_OPTIONS);
    return withPrimary(f, primary);
  }

  /** Makes an existing (owned) bond file say what {@link #newBond} would, keeping its slaves. */
  static IfcfgFile converge(IfcfgFile f, Optional<String> primary) {
    IfcfgFile out = f.set("STARTMODE", "auto").set("BONDING_MASTER", "yes");
    List<String> tokens = new ArrayList<>(tokens(out));
    for (String base : BASE_OPTIONS.split(" ")) {
      String name = base.substring(0, base.indexOf('=') + 1);
      int at = indexOfOption(tokens, name);
      if (at < 0) {
        tokens.add(base);
      } else {
        tokens.set(at, base);
      }
    }
    out = out.set(OPTS, String.join(" ", tokens));
    return primary.isPresent() ? withPrimary(out, primary) : out;
  }

  /**
   * Copies the IP setup of {@code foreign} into {@code bond}, each value exactly as written there;
   * the foreign file itself is never changed.
   */
  static IfcfgFile takeIpFrom(IfcfgFile bond, IfcfgFile foreign) {
    IfcfgFile out = bond;
    for (IfcfgFile.Entry e : foreign.entries()) {
      if (IP_PREFIXES.stream().anyMatch(e.key()::startsWith)) {
        out = out.setRaw(e.key(), foreign.rawValue(e.key()).orElseThrow());
      }
    }
    return out;
  }

  /** DHCP of any kind, or static with at least one address (static is wicked's default). */
  static boolean hasIpConfig(IfcfgFile f) {
    String proto = f.getOr("BOOTPROTO", "static").toLowerCase(Locale.ROOT);
    if (proto.startsWith("dhcp")) {
      return true;
    }
    return proto.equals("static")
        && f.entries().stream().anyMatch(e -> e.key().startsWith("IPADDR") && !e.value().isBlank());
  }

  /** The slaves in file order, each once. */
  static List<String> slaves(IfcfgFile f) {
    List<String> out = new ArrayList<>();
    for (IfcfgFile.Entry e : slaveEntries(f)) {
      if (!e.value().isBlank() && !out.contains(e.value().strip())) {
        out.add(e.value().strip());
      }
    }
    return out;
  }

  /** Appends a slave under the next free key of the file's numbering style; no-op if present. */
  static IfcfgFile addSlave(IfcfgFile f, String ifname) {
    if (slaves(f).contains(ifname)) {
      return f;
    }
    List<IfcfgFile.Entry> entries = slaveEntries(f);
    boolean yast = !entries.isEmpty()
        && entries.stream().allMatch(e -> YAST_STYLE.matcher(e.key()).matches());
    int next = yast ? 0 : 1;
    for (IfcfgFile.Entry e : entries) {
      Matcher m = (yast ? YAST_STYLE : UNDERSCORE_STYLE).matcher(e.key());
      if (m.matches()) {
        next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
      }
    }
    return f.set((yast ? SLAVE : SLAVE + "_") + next, ifname);
  }

  /**
   * Removes {@code ifname} from the slave list, comparing element by element (hcnmgr compared the
   * list as one word and so deleted slaves that stay), renumbers the rest compactly in place, and
   * clears {@code primary=} when it named the removed slave.
   */
  static IfcfgFile removeSlave(IfcfgFile f, String ifname) {
    if (!slaves(f).contains(ifname)) {
      return f;
    }
    IfcfgFile out = f;
    List<IfcfgFile.Entry> entries = slaveEntries(f);
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).value().strip().equals(ifname)) {
        out = out.withoutLine(entries.get(i).line());
      }
    }
    out = renumber(out);
    if (primary(out).map(ifname::equals).orElse(false)) {
      out = withPrimary(out, Optional.empty());
    }
    return out;
  }

  /** Renumbers the slave keys 1..n (or 0..n-1 for YaST's style) when the file uses one style. */
  private static IfcfgFile renumber(IfcfgFile f) {
    List<IfcfgFile.Entry> entries = slaveEntries(f);
    boolean underscore = entries.stream().allMatch(e -> UNDERSCORE_STYLE.matcher(e.key()).matches());
    boolean yast = entries.stream().allMatch(e -> YAST_STYLE.matcher(e.key()).matches());
    if (!underscore && !yast) {
      return f; // a hand-made mix: leave the keys alone rather than risk a collision
    }
    IfcfgFile out = f;
    for (int i = 0; i < entries.size(); i++) {
      out = out.withKeyAt(entries.get(i).line(), underscore ? SLAVE + "_" + (i + 1) : SLAVE + i);
    }
    return out;
  }

  private static List<IfcfgFile.Entry> slaveEntries(IfcfgFile f) {
    return f.entries().stream().filter(e -> e.key().startsWith(SLAVE)).toList();
  }

  /** {@code BONDING_MODULE_OPTS} as name to value; a bare word maps to the empty string. */
  static Map<String, String> options(IfcfgFile f) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String t : tokens(f)) {
      int eq = t.indexOf('=');
      out.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
    }
    return out;
  }

  static Optional<String> primary(IfcfgFile f) {
    String p = options(f).get("primary");
    return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
  }

  /**
   * Sets or clears {@code primary=} inside the options: the first earlier one is replaced in place,
   * any others removed, otherwise it is appended.
   */
  static IfcfgFile withPrimary(IfcfgFile f, Optional<String> primary) {
    List<String> tokens = new ArrayList<>(tokens(f));
    int at = indexOfOption(tokens, "primary=");
    tokens.removeIf(t -> t.startsWith("primary="));
    if (primary.isPresent()) {
      String token = "primary=" + primary.get();
      if (at < 0) {
        tokens.add(token);
      } else {
        tokens.add(at, token);
      }
    }
    String joined = String.join(" ", tokens);
    if (joined.equals(f.getOr(OPTS, ""))) {
      return f;
    }
    return f.set(OPTS, joined);
  }

  private static List<String> tokens(IfcfgFile f) {
    String opts = f.getOr(OPTS, "").strip();
    return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
  }

  private static int indexOfOption(List<String> tokens, String prefix) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
