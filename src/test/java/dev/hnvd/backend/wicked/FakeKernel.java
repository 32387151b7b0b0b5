package dev.hnvd.backend.wicked;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import dev.hnvd.platform.KernelView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A kernel the test sets up by hand: links and bonds, read back exactly as put. */
final class FakeKernel implements KernelView {
  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final Map<String, BondState> bonds = new ConcurrentHashMap<>();

  /** An interface with carrier, enslaved to {@code master} (empty for none). */
  FakeKernel link(String name, String master) {
    links.put(name, new Link(name, true, "up", master, ""));
    return this;
  }

  /** An active-backup bond with these slaves (each also a link enslaved to it) and primary. */
  FakeKernel bond(String name, String primary, String... slaves) {
    links.put(name, new Link(name, true, "up", "", ""));
    for (String s : slaves) {
      link(s, name);
    }
    bonds.put(name, new BondState(name, "active-backup", List.of(slaves), slaves.length > 0 ? slaves[0] : "",
        primary, "follow", 100));
    return this;
  }

  /** The interface (and the bond, if it is one) is gone, as after a successful delete. */
  FakeKernel remove(String name) {
    bonds.remove(name);
    links.remove(name);
    return this;
  }

  @Override
  public Map<String, Link> links() {
    return Map.copyOf(links);
  }

  @Override
  public Optional<Link> link(String name) {
    return Optional.ofNullable(links.get(name));
  }

  @Override
  public Map<String, BondState> bonds() {
    return Map.copyOf(bonds);
  }

  @Override
  public Optional<BondState> bond(String name) {
    return Optional.ofNullable(bonds.get(name));
  }
}
