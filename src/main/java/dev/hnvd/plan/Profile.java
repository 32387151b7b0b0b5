package dev.hnvd.plan;

import java.util.Map;
import java.util.Objects;

/**
 * A connection profile as a backend reports it (an NM connection, or an ifcfg file / a slave line
 * of one for wicked), reduced to what the planner decides on.
 *
 * @param key backend-specific identity used to act on it (NM: the UUID; wicked: the file name)
 * @param name the profile name (NM {@code connection.id}; wicked: the interface)
 * @param type bond, bond port, or anything else
 * @param interfaceName {@code connection.interface-name}, may be empty
 * @param controller for a port, the bond it belongs to (name, or NM UUID of the bond), else empty
 * @param owned carries our ownership mark; only owned profiles are ever changed or deleted
 * @param bondOptions bond options as stored (bond profiles only), values not normalised
 * @param hasIpConfig the profile configures addresses (DHCP or static) that a bond would need
 */
public record Profile(
    String key,
    String name,
    Type type,
    String interfaceName,
    String controller,
    boolean owned,
    Map<String, String> bondOptions,
    boolean hasIpConfig) {

  /** Coarse profile kinds. */
  public enum Type {
    BOND,
    /** An ethernet profile with a bond controller. */
    BOND_PORT,
    OTHER
  }

  public Profile {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    interfaceName = interfaceName == null ? "" : interfaceName;
    controller = controller == null ? "" : controller;
    bondOptions = bondOptions == null ? Map.of() : Map.copyOf(bondOptions);
  }

  public Profile asOwned() {
    return new Profile(key, name, type, interfaceName, controller, true, bondOptions, hasIpConfig);
  }
}
