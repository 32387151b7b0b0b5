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
  private final NmCheckpointRecords records;

  NmCheckpoints(NmClient nm, NmTimeouts timeouts) {
    this(nm, timeouts, NmCheckpointRecords.none());
  }

  NmCheckpoints(NmClient nm, NmTimeouts timeouts, NmCheckpointRecords records) {
    this.nm = nm;
    this.timeouts = timeouts;
    this.records = records;
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
      DBusPath p;
      try {
        p = createOn(devices);
      } catch (RuntimeException e) {
        // Our own checkpoint from a killed run blocks these devices until NM's timeout: roll it
        // back now (what NM would do then). Not retried here: the rollback changed profiles and
        // devices this plan was computed from, so the caller must plan again. Anyone else's
        // checkpoint stays untouched.
        if (NmErrors.checkpointConflict(e) && records.recover(nm) > 0) {
          throw new HnvException(Kind.CONFLICT, "rolled back a checkpoint left by an interrupted hnvd "
              + "run on these devices; nothing changed by this apply, which was planned before that: "
              + "plan again", e);
        }
        throw e;
      }
      LOG.debug("checkpoint {} on {}", p, devices);
      return Optional.of(p);
    } catch (RuntimeException e) {
      if (NmErrors.checkpointConflict(e)) {
        // Another client (nmstate, nmcli, a live hnvd) is mid-change on these devices: do not
        // fight it and do not retry in a loop; the caller may try again later.
        throw new HnvException(Kind.CONFLICT, "another NetworkManager client holds a checkpoint on "
            + "these devices (" + e.getMessage() + "); hnvd did not create it and leaves it alone; "
            + "nothing changed, try again later", e);
      }
      throw NmErrors.toDomain("creating checkpoint", e);
    }
  }

  private DBusPath createOn(List<DBusPath> devices) {
    return nm.checkpointCreate(devices, timeouts.checkpointRollbackSeconds(), nm.version().checkpointFlags());
  }

  static Set<String> interfaces(List<Action> actions) {
    Set<String> out = new LinkedHashSet<>();
    for (Action a : actions) {
      out.addAll(a.interfaces());
    }
    return out;
  }
}
