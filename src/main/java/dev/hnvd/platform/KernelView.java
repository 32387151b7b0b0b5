package dev.hnvd.platform;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only kernel truth from sysfs ({@code <sysfs>/class/net}). Backends verify against it; the
 * planner gets a snapshot of it. Implementations read fresh on every call (no caching), because
 * verification polls it.
 */
public interface KernelView {

  /** Every interface under {@code class/net}, by name. */
  Map<String, Link> links();

  /** One interface, read fresh. */
  Optional<Link> link(String name);

  /** Every bond (an interface with a {@code bonding} directory), by name. */
  Map<String, BondState> bonds();

  /** One bond, read fresh; empty if the interface is absent or not a bond. */
  Optional<BondState> bond(String name);
}
