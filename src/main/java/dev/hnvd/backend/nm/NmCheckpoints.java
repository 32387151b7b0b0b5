package dev.hnvd.backend.nm;

import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import dev.hnvd.plan.Action;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.freedesktop.dbus.DBusPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the checkpoint covering the devices a plan involves (the bond and its ports, those that
 * exist). An empty device list would mean ALL devices, so without devices there is no checkpoint.
 */
final class NmCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(NmCheckpoints.class);
  private final NmClient nm;
  private final NmTimeouts timeouts;

  NmCheckpoints(NmClient nm, NmTimeouts timeouts) {
    this.nm = nm;
    this.timeouts = timeouts;
  }

  Optional<DBusPath> create(List<Action> actions) {
    List<DBusPath> devices = new ArrayList<>();
    try {
      for (String iface : interfaces(actions)) {
        nm.device(iface).ifPresent(devices::add);
      }
      if (devices.isEmpty()) {
        return Optional.empty();
      }
      DBusPath p = nm.checkpointCreate(devices, timeouts.checkpointRollbackSeconds(),
          nm.version().checkpointFlags());
      LOG.debug("checkpoint {} on {}", p, devices);
      return Optional.of(p);
    } catch (RuntimeException e) {
      if (NmErrors.checkpointConflict(e)) {
        // Another client (nmstate, nmcli, a second hnvd) is mid-change on these devices: do not
        // fight it and do not retry in a loop; the caller may try again later.
        throw new HnvException(Kind.CONFLICT, "another NetworkManager client holds a checkpoint on "
            + "these devices (" + e.getMessage() + "); nothing changed, try again later", e);
      }
      throw NmErrors.toDomain("creating checkpoint", e);
    }
  }

  static Set<String> interfaces(List<Action> actions) {
    Set<String> out = new LinkedHashSet<>();
    for (Action a : actions) {
      if (a instanceof Action.CreateBond x) {
        out.add(x.bond());
      } else if (a instanceof Action.ActivateBond x) {
        out.add(x.bond());
      } else if (a instanceof Action.RemoveBond x) {
        out.add(x.bond());
      } else if (a instanceof Action.SetPrimary x) {
        out.add(x.bond());
      } else if (a instanceof Action.SelectActive x) {
        out.add(x.bond());
      } else if (a instanceof Action.AddPort x) {
        out.add(x.bond());
        out.add(x.ifname());
      } else if (a instanceof Action.ActivatePort x) {
        out.add(x.bond());
        out.add(x.ifname());
      } else if (a instanceof Action.RemovePort x) {
        out.add(x.bond());
        out.add(x.ifname());
      }
    }
    return out;
  }
}
