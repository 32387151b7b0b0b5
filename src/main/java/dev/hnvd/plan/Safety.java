package dev.hnvd.plan;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The LPM gate behind {@code hcnqrydev}, {@code hnvctl migration-check}, the drmgr pmig hook,
 * {@code hnvctl status} and {@code doctor}: is removing a device safe for the network? Safe when
 * the device is not enslaved, when there is no bond, or when another port of the bond can carry the
 * traffic: under the {@code carrier} policy (hcnmgr's) another port has carrier; under {@code path}
 * (the default) it also has a path that answered within the gate's window. hcnmgr compared the
 * whole slaves line with the device and never looked at the backup's link, let alone its path.
 */
public final class Safety {
  private Safety() {}

  /** The answer, with the reason for logs. */
  public record Verdict(boolean safe, String reason) {}

  /** hcnmgr's rule (carrier only). */
  public static Verdict query(String ifname, String bond, CurrentState current) {
    return query(ifname, bond, current, Gate.carrier());
  }

  public static Verdict query(String ifname, String bond, CurrentState current, Gate gate) {
    Optional<BondState> b = current.bond(bond);
    if (b.isEmpty()) {
      return new Verdict(true, "no bond " + bond);
    }
    if (ifname == null || !b.get().slaves().contains(ifname)) {
      return new Verdict(true, (ifname == null ? "device" : ifname) + " is not a port of " + bond);
    }
    List<String> withCarrier = new ArrayList<>();
    for (String s : b.get().slaves()) {
      if (!s.equals(ifname) && current.link(s).map(Link::carrier).orElse(false)) {
        withCarrier.add(s);
      }
    }
    if (withCarrier.isEmpty()) {
      return new Verdict(false, "no other port of " + bond + " has carrier");
    }
    if (gate.policy() == Gate.Policy.CARRIER) {
      return new Verdict(true, withCarrier.get(0) + " of " + bond + " has carrier");
    }
    PathEvidence e = gate.evidence();
    if (!e.known()) {
      // Nothing to weigh (no packet socket, a fixture's sysfs): carrier, said as such.
      return new Verdict(true, withCarrier.get(0) + " of " + bond + " has carrier (path not checked: "
          + e.unknownWhy().get() + ")");
    }
    for (String s : withCarrier) {
      if (e.alive(s, gate.now(), gate.window())) {
        return new Verdict(true, s + " of " + bond + " has carrier and its " + e.describe(s, gate.now()));
      }
    }
    List<String> dead = withCarrier.stream().map(s -> s + " has carrier but its " + e.describe(s, gate.now())).toList();
    return new Verdict(false, "no other port of " + bond + " has a live path ("
        + String.join("; ", dead) + ", window " + PathEvidence.seconds(gate.window()) + ")");
  }
}
