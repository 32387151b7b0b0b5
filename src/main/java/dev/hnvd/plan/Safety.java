package dev.hnvd.plan;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import java.util.Optional;

/**
 * The LPM gate behind {@code hcnqrydev}: is removing a device safe for the network? Safe when the
 * device is not enslaved, when there is no bond, or when another port of the bond has carrier.
 * hcnmgr compared the whole slaves line with the device and never looked at the backup's link.
 */
public final class Safety {
  private Safety() {}

  /** The answer, with the reason for logs. */
  public record Verdict(boolean safe, String reason) {}

  public static Verdict query(String ifname, String bond, CurrentState current) {
    Optional<BondState> b = current.bond(bond);
    if (b.isEmpty()) {
      return new Verdict(true, "no bond " + bond);
    }
    if (ifname == null || !b.get().slaves().contains(ifname)) {
      return new Verdict(true, (ifname == null ? "device" : ifname) + " is not a port of " + bond);
    }
    for (String s : b.get().slaves()) {
      if (!s.equals(ifname) && current.link(s).map(Link::carrier).orElse(false)) {
        return new Verdict(true, s + " of " + bond + " has carrier");
      }
    }
    return new Verdict(false, "no other port of " + bond + " has carrier");
  }
}
