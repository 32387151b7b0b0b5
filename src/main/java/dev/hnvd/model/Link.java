package dev.hnvd.model;

/**
 * Kernel truth about one network interface (from {@code /sys/class/net/<name>}).
 *
 * @param name interface name
 * @param carrier {@code carrier} reads 1
 * @param operstate {@code operstate}, e.g. up, down, unknown; empty if unreadable
 * @param master the bond or bridge it is enslaved to, empty if none
 * @param mac {@code address}, lowercase
 */
public record Link(String name, boolean carrier, String operstate, String master, String mac) {
  public Link {
    operstate = operstate == null ? "" : operstate;
    master = master == null ? "" : master;
    mac = mac == null ? "" : mac;
  }
}
