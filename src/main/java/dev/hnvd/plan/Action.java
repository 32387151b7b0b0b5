package dev.hnvd.plan;

import dev.hnvd.model.HcnId;
import java.util.Optional;

/**
 * One step of a plan. Backends translate each into their own calls; the order of a plan is the
 * order to apply them in (removals before creations, the bond before its ports, primary last).
 */
public sealed interface Action {

  /** The HNV this action belongs to; operations are serialised per id. */
  HcnId hcnId();

  /** One line for logs and {@code hnvctl plan}. */
  String describe();

  /** Mark a profile made by hcnmgr or an installer, confirmed by the device tree, as ours. */
  record Adopt(HcnId hcnId, String key, String name) implements Action {
    public String describe() {
      return "adopt profile " + name + " (" + key + ")";
    }
  }

  /**
   * Create the bond profile, complete in one step (active-backup, miimon=100, fail_over_mac=follow,
   * primary when known, IP disabled unless {@code ipFrom} names a foreign profile whose IP settings
   * the bond takes over).
   */
  record CreateBond(HcnId hcnId, String bond, Optional<String> primary, Optional<String> ipFrom)
      implements Action {
    public String describe() {
      return "create bond " + bond + primary.map(p -> " primary " + p).orElse("")
          + ipFrom.map(k -> " with IP settings of " + k).orElse("");
    }
  }

  /** Create a port profile {@code <bond>-<ifname>} and enslave the interface. */
  record AddPort(HcnId hcnId, String bond, String ifname) implements Action {
    public String describe() {
      return "add port " + ifname + " to " + bond;
    }
  }

  /** Activate an existing (owned) bond profile that the kernel does not show. */
  record ActivateBond(HcnId hcnId, String bond, String key) implements Action {
    public String describe() {
      return "activate bond " + bond;
    }
  }

  /** Activate an existing (owned) port profile whose interface is not enslaved to its bond. */
  record ActivatePort(HcnId hcnId, String bond, String ifname, String key) implements Action {
    public String describe() {
      return "enslave " + ifname + " to " + bond;
    }
  }

  /** Set the bond's primary in the profile and at runtime, without re-activating the bond. */
  record SetPrimary(HcnId hcnId, String bond, String ifname) implements Action {
    public String describe() {
      return "set primary of " + bond + " to " + ifname;
    }
  }

  /** Make a port with carrier the active one at runtime (failover restore, or before a removal). */
  record SelectActive(HcnId hcnId, String bond, String ifname) implements Action {
    public String describe() {
      return "make " + ifname + " the active port of " + bond;
    }
  }

  /** Delete an owned port profile (its interface is gone, or the HMC removes it). */
  record RemovePort(HcnId hcnId, String bond, String ifname, String key) implements Action {
    public String describe() {
      return "remove port " + ifname + " from " + bond;
    }
  }

  /** Delete an owned bond profile (its HCN id left the device tree, or the HMC removes it). */
  record RemoveBond(HcnId hcnId, String bond, String key) implements Action {
    public String describe() {
      return "remove bond " + bond;
    }
  }
}
