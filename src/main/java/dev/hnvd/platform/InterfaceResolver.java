package dev.hnvd.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the interface of a device-tree node (what {@code ofpathname -l} does), from one scan of
 * {@code <sysfs>/class/net}. First by {@code device/devspec}, which the kernel fills with the
 * node's path; failing that by MAC address. It never guesses: an ambiguous answer is no answer plus
 * a problem, and stacked devices (bond masters, bridges, VLANs) are never candidates because they
 * carry a member's MAC.
 */
final class InterfaceResolver {

  /**
   * One interface as the scan saw it. Its MAC and PCI vendor are read when first asked for: on a
   * real LPAR every HNV device is found by devspec, so neither is usually needed.
   */
  static final class NetIf {
    private final String name;
    private final Optional<String> devspec;
    private final Supplier<Boolean> stacked;
    private final Supplier<String> mac;
    private final Supplier<Optional<Integer>> vendor;

    NetIf(String name, Optional<String> devspec, Supplier<Boolean> stacked, Supplier<String> mac,
        Supplier<Optional<Integer>> vendor) {
      this.name = name;
      this.devspec = devspec;
      this.stacked = memo(stacked);
      this.mac = memo(mac);
      this.vendor = memo(vendor);
    }

    String name() {
      return name;
    }

    Optional<String> devspec() {
      return devspec;
    }

    /** A bond, bridge or upper device (VLAN, macvlan): it carries a member's MAC, never a node's. */
    boolean stacked() {
      return stacked.get();
    }

    String mac() {
      return mac.get();
    }

    Optional<Integer> vendor() {
      return vendor.get();
    }

    private static <T> Supplier<T> memo(Supplier<T> s) {
      return new Supplier<>() {
        private T value;

        @Override
        public T get() {
          if (value == null) {
            value = s.get();
          }
          return value;
        }
      };
    }
  }

  /** The outcome for one node: the interface, if any, and why not or what looked odd. */
  record Resolution(Optional<String> ifname, boolean byDevspec, List<String> problems) {
    Resolution {
      problems = List.copyOf(problems);
    }

    static Resolution none(List<String> problems) {
      return new Resolution(Optional.empty(), false, problems);
    }
  }

  private final List<NetIf> interfaces;

  InterfaceResolver(List<NetIf> interfaces) {
    this.interfaces = List.copyOf(interfaces);
  }

  /** Scans {@code <sysfs>/class/net} once. */
  static InterfaceResolver scan(Path sysfs) {
    return scan(sysfs, new ArrayList<>());
  }

  /** Scans once; the names of interfaces that are not UTF-8 (left out) go to {@code undecodable}. */
  static InterfaceResolver scan(Path sysfs, List<String> undecodable) {
    List<NetIf> found = new ArrayList<>();
    Path classNet = sysfs.resolve("class/net");
    for (String name : SysfsFiles.interfaces(sysfs, undecodable)) {
      Path dir = FileNames.child(classNet, name);
      // devspec is read for every interface (it decides most resolutions); a missing device/ costs
      // one failed stat. The rest is read only for an interface that is a candidate.
      Optional<String> devspec =
          SysfsFiles.read(dir.resolve("device/devspec")).flatMap(InterfaceResolver::normalizeDevspec);
      // An enslaved interface may carry the bond's address; its own is kept in perm_hwaddr.
      Supplier<String> mac = () -> SysfsFiles.read(dir.resolve("bonding_slave/perm_hwaddr"))
          .filter(s -> !s.isEmpty())
          .or(() -> SysfsFiles.read(dir.resolve("address")))
          .map(s -> s.toLowerCase(Locale.ROOT))
          .orElse("");
      Supplier<Boolean> stacked = () -> SysfsFiles.isDir(dir, "bonding")
          || SysfsFiles.isDir(dir, "bridge")
          || SysfsFiles.entries(dir).stream().anyMatch(e -> e.startsWith("lower_"));
      Supplier<Optional<Integer>> vendor =
          () -> SysfsFiles.read(dir.resolve("device/vendor")).flatMap(InterfaceResolver::parseHex);
      found.add(new NetIf(name, devspec, stacked, mac, vendor));
    }
    return new InterfaceResolver(found);
  }

  /** The interface of the node at {@code ofPath} whose {@code local-mac-address} is {@code mac}. */
  Resolution resolve(String ofPath, String mac) {
    List<NetIf> bySpec = interfaces.stream()
        .filter(i -> i.devspec().filter(ofPath::equals).isPresent() && !i.stacked())
        .toList();
    if (bySpec.size() == 1) {
      return new Resolution(Optional.of(bySpec.get(0).name()), true, List.of());
    }
    if (bySpec.size() > 1) {
      return Resolution.none(List.of("devspec of several interfaces (" + names(bySpec)
          + ") names " + ofPath + "; not guessing which one"));
    }
    if (mac == null || mac.isEmpty() || mac.equals("00:00:00:00:00:00")) {
      return Resolution.none(List.of());
    }
    // An interface whose devspec names a node belongs to that node, so only interfaces without a
    // usable devspec (virtual test links, odd drivers) may be matched by MAC.
    List<NetIf> byMac = interfaces.stream()
        .filter(i -> i.devspec().isEmpty() && i.mac().equals(mac) && !i.stacked())
        .toList();
    if (byMac.size() == 1) {
      return new Resolution(Optional.of(byMac.get(0).name()), false, List.of());
    }
    if (byMac.size() > 1) {
      return Resolution.none(List.of("MAC " + mac + " of " + ofPath + " is on several interfaces ("
          + names(byMac) + "); not guessing which one"));
    }
    return Resolution.none(List.of());
  }

  /** PCI vendor from {@code device/vendor} of the interface, if readable. */
  Optional<Integer> vendor(String ifname) {
    return interfaces.stream()
        .filter(i -> i.name().equals(ifname))
        .findFirst()
        .flatMap(NetIf::vendor);
  }

  List<NetIf> interfaces() {
    return interfaces;
  }

  /**
   * devspec as the kernel writes it: {@code %pOF} with a newline (vio, newer PCI) or without (older
   * PCI), maybe NUL-padded; an OF path may carry {@code :args}, which name no different node.
   * Anything that is not an absolute path is garbage and ignored.
   */
  static Optional<String> normalizeDevspec(String raw) {
    String s = raw.replace("\0", "").strip();
    int colon = s.indexOf(':');
    if (colon >= 0) {
      s = s.substring(0, colon);
    }
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.length() < 2 || !s.startsWith("/") || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  private static Optional<Integer> parseHex(String s) {
    String t = s.strip();
    if (t.startsWith("0x") || t.startsWith("0X")) {
      t = t.substring(2);
    }
    try {
      long v = Long.parseLong(t, 16);
      return v >= 0 && v <= 0xFFFF_FFFFL ? Optional.of((int) v) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String names(List<NetIf> list) {
    return String.join(", ", list.stream().map(NetIf::name).toList());
  }
}
