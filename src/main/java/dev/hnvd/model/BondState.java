package dev.hnvd.model;

import java.util.List;

/**
 * Kernel truth about one bond ({@code /sys/class/net/<bond>/bonding/*}), values normalised to the
 * names ({@code "active-backup 1"} becomes {@code "active-backup"}).
 *
 * @param name bond interface
 * @param mode e.g. active-backup
 * @param slaves {@code bonding/slaves} split on whitespace (the kernel writes ONE line)
 * @param activeSlave {@code bonding/active_slave}, empty if none
 * @param primary {@code bonding/primary}, empty if none
 * @param failOverMac e.g. follow
 * @param miimon in ms, -1 if unknown
 */
public record BondState(
    String name,
    String mode,
    List<String> slaves,
    String activeSlave,
    String primary,
    String failOverMac,
    int miimon) {
  public BondState {
    mode = mode == null ? "" : mode;
    slaves = slaves == null ? List.of() : List.copyOf(slaves);
    activeSlave = activeSlave == null ? "" : activeSlave;
    primary = primary == null ? "" : primary;
    failOverMac = failOverMac == null ? "" : failOverMac;
  }
}
