package dev.hnvd.model;

/** What backs a port of an HNV. */
public enum PortKind {
  /** A migratable SR-IOV virtual function: {@code /pci@…/ethernet@N}. */
  SRIOV("sriov"),
  /** An ibmvnic backup device: {@code /vdevice/vnic@…}. */
  VNIC("vnic"),
  /** An ibmveth ("l-lan") backup device: {@code /vdevice/l-lan@…}. */
  VETH("veth");

  private final String label;

  PortKind(String label) {
    this.label = label;
  }

  /** The lowercase name used in JSON and logs. */
  public String label() {
    return label;
  }
}
