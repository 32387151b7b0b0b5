package dev.hnvd.platform;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link KernelView} over {@code <sysfs>/class/net}. Reads fresh on every call and never throws:
 * interfaces come and go while we read, and sysfs answers some attributes with errors (a down link's
 * {@code carrier} gives EINVAL), so odd or missing files become defaults.
 */
public final class SysfsKernel implements KernelView {
  private final Path sysfs;

  public SysfsKernel(Path sysfs) {
    this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
  }

  @Override
  public Map<String, Link> links() {
    Map<String, Link> out = new LinkedHashMap<>();
    for (String name : SysfsFiles.interfaces(sysfs)) {
      link(name).ifPresent(l -> out.put(name, l));
    }
    return out;
  }

  @Override
  public Optional<Link> link(String name) {
    Optional<Path> dir = dir(name);
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    Path d = dir.get();
    boolean carrier = SysfsFiles.read(d.resolve("carrier")).filter("1"::equals).isPresent();
    String operstate = SysfsFiles.read(d.resolve("operstate")).orElse("");
    String master = SysfsFiles.linkTargetName(d.resolve("master")).orElse("");
    String mac = SysfsFiles.read(d.resolve("address")).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
    return Optional.of(new Link(name, carrier, operstate, master, mac));
  }

  @Override
  public Map<String, BondState> bonds() {
    Map<String, BondState> out = new LinkedHashMap<>();
    for (String name : SysfsFiles.interfaces(sysfs)) {
      bond(name).ifPresent(b -> out.put(name, b));
    }
    return out;
  }

  @Override
  public Optional<BondState> bond(String name) {
    Optional<Path> dir = dir(name);
    if (dir.isEmpty() || !SysfsFiles.isDir(dir.get(), "bonding")) {
      return Optional.empty();
    }
    Path b = dir.get().resolve("bonding");
    String mode = firstWord(SysfsFiles.read(b.resolve("mode")).orElse(""));
    // The kernel writes all slaves on ONE line separated by spaces (hcnmgr read it line by line).
    List<String> slaves = Arrays.stream(SysfsFiles.read(b.resolve("slaves")).orElse("").split("\\s+"))
        .filter(s -> !s.isEmpty())
        .toList();
    String active = SysfsFiles.read(b.resolve("active_slave")).orElse("");
    String primary = SysfsFiles.read(b.resolve("primary")).orElse("");
    String failOverMac = firstWord(SysfsFiles.read(b.resolve("fail_over_mac")).orElse(""));
    int miimon = SysfsFiles.read(b.resolve("miimon")).map(SysfsKernel::parseInt).orElse(-1);
    return Optional.of(new BondState(name, mode, slaves, active, primary, failOverMac, miimon));
  }

  private Optional<Path> dir(String name) {
    // A name with a slash or a dot-dot would leave class/net; no interface is called that.
    if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      return Optional.empty();
    }
    Path d;
    try {
      d = FileNames.child(sysfs.resolve("class/net"), name);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return SysfsFiles.isDir(d, ".") ? Optional.of(d) : Optional.empty();
  }

  /** {@code "active-backup 1"} -> {@code "active-backup"}: the kernel appends the numeric value. */
  private static String firstWord(String s) {
    String t = s.strip();
    int sp = t.indexOf(' ');
    return sp < 0 ? t : t.substring(0, sp);
  }

  private static int parseInt(String s) {
    try {
      int v = Integer.parseInt(s.strip());
      return v < 0 ? -1 : v;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
