package dev.hnvd.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A hybrid network: the devices sharing one {@code ibm,hcn-id}, to be bonded in active-backup mode
 * with the SR-IOV VF as primary.
 */
public record Hnv(HcnId id, List<Port> ports) {

  public Hnv {
    Objects.requireNonNull(id, "id");
    // Deterministic order: primaries first, then SR-IOV, then by device-tree path.
    ports = ports.stream()
        .sorted(Comparator.comparing((Port p) -> p.role() != Role.PRIMARY)
            .thenComparing(p -> p.kind() != PortKind.SRIOV)
            .thenComparing(Port::ofPath))
        .toList();
  }

  public String bondName() {
    return id.bondName();
  }

  /**
   * The port that must be the bond's primary: the present SR-IOV port whose hcn-mode is primary;
   * failing that any present SR-IOV port (the VF is always the primary, whatever the mode says).
   */
  public Optional<Port> primaryPort() {
    Optional<Port> vfPrimary = ports.stream()
        .filter(p -> p.kind() == PortKind.SRIOV && p.role() == Role.PRIMARY && p.present())
        .findFirst();
    if (vfPrimary.isPresent()) {
      return vfPrimary;
    }
    return ports.stream().filter(p -> p.kind() == PortKind.SRIOV && p.present()).findFirst();
  }

  /** The interface name of {@link #primaryPort()}. */
  public Optional<String> primary() {
    return primaryPort().flatMap(Port::ifname);
  }

  public List<Port> presentPorts() {
    return ports.stream().filter(Port::present).toList();
  }
}
