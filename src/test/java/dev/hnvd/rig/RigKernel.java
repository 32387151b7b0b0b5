package dev.hnvd.rig;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import dev.hnvd.platform.KernelView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A minimal sysfs KernelView for rig tests (the production one lives in dev.hnvd.platform):
 * reads {@code <sysfs>/class/net} fresh on every call.
 */
public final class RigKernel implements KernelView {
  private final Path net;

  public RigKernel(Path sysfs) {
    this.net = sysfs.resolve("class/net");
  }

  @Override
  public Map<String, Link> links() {
    Map<String, Link> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(net)) {
      s.forEach(p -> link(p.getFileName().toString()).ifPresent(l -> out.put(l.name(), l)));
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  @Override
  public Optional<Link> link(String name) {
    Path d = net.resolve(name);
    if (!Files.isDirectory(d)) {
      return Optional.empty();
    }
    String master = "";
    try {
      master = Files.readSymbolicLink(d.resolve("master")).getFileName().toString();
    } catch (IOException e) {
      // not enslaved
    }
    return Optional.of(new Link(name, read(d.resolve("carrier")).equals("1"), read(d.resolve("operstate")),
        master, read(d.resolve("address")).toLowerCase()));
  }

  @Override
  public Map<String, BondState> bonds() {
    Map<String, BondState> out = new TreeMap<>();
    links().keySet().forEach(n -> bond(n).ifPresent(b -> out.put(n, b)));
    return out;
  }

  @Override
  public Optional<BondState> bond(String name) {
    Path b = net.resolve(name).resolve("bonding");
    if (!Files.isDirectory(b)) {
      return Optional.empty();
    }
    String miimon = read(b.resolve("miimon"));
    return Optional.of(new BondState(name, first(read(b.resolve("mode"))),
        Arrays.stream(read(b.resolve("slaves")).split("\\s+")).filter(s -> !s.isEmpty()).toList(),
        read(b.resolve("active_slave")), read(b.resolve("primary")), first(read(b.resolve("fail_over_mac"))),
        miimon.matches("\\d+") ? Integer.parseInt(miimon) : -1));
  }

  private static String first(String s) {
    return s.split("\\s+")[0];
  }

  private static String read(Path p) {
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
