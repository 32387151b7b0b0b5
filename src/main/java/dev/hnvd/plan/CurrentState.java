package dev.hnvd.plan;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the system looks like now: the backend's profiles and the kernel's links and bonds.
 *
 * @param profiles every profile the backend knows, ours and others'
 * @param links every interface in {@code /sys/class/net}, by name
 * @param bonds every kernel bond, by name
 */
public record CurrentState(List<Profile> profiles, Map<String, Link> links, Map<String, BondState> bonds) {

  public CurrentState {
    profiles = List.copyOf(profiles);
    links = Map.copyOf(links);
    bonds = Map.copyOf(bonds);
  }

  public static CurrentState empty() {
    return new CurrentState(List.of(), Map.of(), Map.of());
  }

  public boolean interfaceExists(String name) {
    return links.containsKey(name);
  }

  public Optional<Link> link(String name) {
    return Optional.ofNullable(links.get(name));
  }

  public Optional<BondState> bond(String name) {
    return Optional.ofNullable(bonds.get(name));
  }
}
