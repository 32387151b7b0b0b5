package dev.hnvd.plan;

import dev.hnvd.model.HcnId;
import java.util.List;
import java.util.Optional;

/**
 * One step of a plan. Backends translate each into their own calls; the order of a plan is the
 * order to apply them in (removals before creations, the bond before its ports, primary last).
 *
 * <p>Adding a kind is one record here: it must implement the abstract methods below, and its
 * {@link Visitor} method makes every backend (and the tests' simulated world) that translates
 * actions fail to compile until it handles the new kind.
 */
public sealed interface Action {

  /** The HNV this action belongs to; operations are serialised per id. */
  HcnId hcnId();

  /** One line for logs and {@code hnvctl plan}. */
  String describe();

  /**
   * The kernel interfaces this action touches, the bond first, then the port's interface; empty
   * when it changes only a profile's mark. Backends checkpoint and lock exactly these.
   */
  List<String> interfaces();

  /**
   * What makes two actions the same act: an action on an existing profile is identified by that
   * profile's key, whichever HNV asked for it (two HNVs may both want one port moved away).
   */
  String identity();

  /** Calls the visitor's method for this kind. */
  <R> R accept(Visitor<R> v);

  /**
   * One method per kind, for translations that differ per backend. Implementations handle every
   * kind (there is no default), so a new kind is a compile error wherever it must be handled.
   */
  interface Visitor<R> {
    R adopt(Adopt a);

    R createBond(CreateBond a);

    R addPort(AddPort a);

    R activateBond(ActivateBond a);

    R activatePort(ActivatePort a);

    R setPrimary(SetPrimary a);

    R selectActive(SelectActive a);

    R removePort(RemovePort a);

    R removeBond(RemoveBond a);
  }

  /** Mark a profile made by hcnmgr or an installer, confirmed by the device tree, as ours. */
  record Adopt(HcnId hcnId, String key, String name) implements Action {
    public String describe() {
      return "adopt profile " + name + " (" + key + ")";
    }

    public List<String> interfaces() {
      return List.of();
    }

    public String identity() {
      return "adopt:" + key;
    }

    public <R> R accept(Visitor<R> v) {
      return v.adopt(this);
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

    public List<String> interfaces() {
      return List.of(bond);
    }

    public String identity() {
      return toString();
    }

    public <R> R accept(Visitor<R> v) {
      return v.createBond(this);
    }
  }

  /** Create a port profile {@code <bond>-<ifname>} and enslave the interface. */
  record AddPort(HcnId hcnId, String bond, String ifname) implements Action {
    public String describe() {
      return "add port " + ifname + " to " + bond;
    }

    public List<String> interfaces() {
      return List.of(bond, ifname);
    }

    public String identity() {
      return toString();
    }

    public <R> R accept(Visitor<R> v) {
      return v.addPort(this);
    }
  }

  /** Activate an existing (owned) bond profile that the kernel does not show. */
  record ActivateBond(HcnId hcnId, String bond, String key) implements Action {
    public String describe() {
      return "activate bond " + bond;
    }

    public List<String> interfaces() {
      return List.of(bond);
    }

    public String identity() {
      return toString();
    }

    public <R> R accept(Visitor<R> v) {
      return v.activateBond(this);
    }
  }

  /** Activate an existing (owned) port profile whose interface is not enslaved to its bond. */
  record ActivatePort(HcnId hcnId, String bond, String ifname, String key) implements Action {
    public String describe() {
      return "enslave " + ifname + " to " + bond;
    }

    public List<String> interfaces() {
      return List.of(bond, ifname);
    }

    public String identity() {
      return toString();
    }

    public <R> R accept(Visitor<R> v) {
      return v.activatePort(this);
    }
  }

  /** Set the bond's primary in the profile and at runtime, without re-activating the bond. */
  record SetPrimary(HcnId hcnId, String bond, String ifname) implements Action {
    public String describe() {
      return "set primary of " + bond + " to " + ifname;
    }

    public List<String> interfaces() {
      return List.of(bond);
    }

    public String identity() {
      return toString();
    }

    public <R> R accept(Visitor<R> v) {
      return v.setPrimary(this);
    }
  }

  /** Make a port with carrier the active one at runtime (failover restore, or before a removal). */
  record SelectActive(HcnId hcnId, String bond, String ifname) implements Action {
    public String describe() {
      return "make " + ifname + " the active port of " + bond;
    }

    public List<String> interfaces() {
      return List.of(bond);
    }

    public String identity() {
      return toString();
    }

    public <R> R accept(Visitor<R> v) {
      return v.selectActive(this);
    }
  }

  /** Delete an owned port profile (its interface is gone, or the HMC removes it). */
  record RemovePort(HcnId hcnId, String bond, String ifname, String key) implements Action {
    public String describe() {
      return "remove port " + ifname + " from " + bond;
    }

    public List<String> interfaces() {
      return List.of(bond, ifname);
    }

    public String identity() {
      return "rmport:" + key;
    }

    public <R> R accept(Visitor<R> v) {
      return v.removePort(this);
    }
  }

  /** Delete an owned bond profile (its HCN id left the device tree, or the HMC removes it). */
  record RemoveBond(HcnId hcnId, String bond, String key) implements Action {
    public String describe() {
      return "remove bond " + bond;
    }

    public List<String> interfaces() {
      return List.of(bond);
    }

    public String identity() {
      return "rmbond:" + key;
    }

    public <R> R accept(Visitor<R> v) {
      return v.removeBond(this);
    }
  }
}
