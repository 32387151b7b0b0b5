package dev.hnvd.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One device of an HNV as the device tree describes it, with the interface it resolved to.
 *
 * @param kind sriov, vnic or veth
 * @param role from {@code ibm,hcn-mode}
 * @param drcIndex the DRC index the HMC uses for this device (for SR-IOV: the PHB node's)
 * @param ofPath device-tree path without the {@code /proc/device-tree} prefix, e.g. {@code /vdevice/vnic@30000003}
 * @param locCode {@code ibm,loc-code}, may be empty
 * @param mac {@code local-mac-address} as {@code aa:bb:cc:dd:ee:ff}, or empty
 * @param vendorId PCI {@code vendor-id} when known, else -1
 * @param ifname the interface name, empty while the interface does not exist yet (pending)
 * @param problems human-readable reasons something about this device is off; never null
 */
public record Port(
    PortKind kind,
    Role role,
    DrcIndex drcIndex,
    String ofPath,
    String locCode,
    String mac,
    int vendorId,
    Optional<String> ifname,
    List<String> problems) {

  public static final int MELLANOX_VENDOR = 0x15b3;

  public Port {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(ofPath, "ofPath");
    locCode = locCode == null ? "" : locCode;
    mac = mac == null ? "" : mac;
    ifname = ifname == null ? Optional.empty() : ifname;
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** True when the interface exists; a pending port is never configured, only reported. */
  public boolean present() {
    return ifname.isPresent();
  }

  /** "present" or "pending", as shown in JSON. */
  public String state() {
    return present() ? "present" : "pending";
  }

  public Port withIfname(String name) {
    return new Port(kind, role, drcIndex, ofPath, locCode, mac, vendorId, Optional.ofNullable(name), problems);
  }

  public Port withProblem(String problem) {
    List<String> more = new java.util.ArrayList<>(problems);
    more.add(problem);
    return new Port(kind, role, drcIndex, ofPath, locCode, mac, vendorId, ifname, more);
  }
}
