package dev.hnvd.backend.nm;

import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes a failed apply: CheckpointRollback for the devices, then every profile we wrote back to
 * its snapshot (re-added with the same UUID, updated back, or deleted when we created it), because
 * checkpoints do not cover inactive profiles. Every failure is logged; any makes it ROLLBACK_FAILED.
 */
final class NmRollback {
  private static final Logger LOG = LoggerFactory.getLogger(NmRollback.class);
  private final NmClient nm;
  private final NmTimeouts timeouts;
  private final long generation;
  private boolean checkpointGone;

  NmRollback(NmClient nm, NmTimeouts timeouts, long generation) {
    this.nm = nm;
    this.timeouts = timeouts;
    this.generation = generation;
  }

  void run(DBusPath checkpoint, List<String> touched,
      Map<String, Optional<NmConnectionSettings>> snapshot, HnvException cause) {
    List<String> failures = new ArrayList<>();
    if (!nm.awaitNm(timeouts.nmReturn())) {
      failures.add("NetworkManager did not come back within " + timeouts.nmReturn().toSeconds() + " s");
    }
    if (checkpoint != null) {
      if (nm.generation() != generation) {
        LOG.warn("NetworkManager restarted: checkpoint {} is gone, restoring profiles only", checkpoint);
        checkpointGone = true;
      } else {
        try {
          Map<String, ?> result = nm.checkpointRollback(checkpoint);
          LOG.info("checkpoint rollback: {}", result);
          checkpointGone = true;
        } catch (RuntimeException e) {
          failures.add("checkpoint rollback: " + NmErrors.text(e));
        }
      }
    }
    List<String> reversed = new ArrayList<>(touched);
    java.util.Collections.reverse(reversed);
    for (String uuid : new java.util.LinkedHashSet<>(reversed)) {
      try {
        restore(uuid, snapshot.getOrDefault(uuid, Optional.empty()));
      } catch (RuntimeException e) {
        failures.add("restoring profile " + uuid + ": " + NmErrors.text(e));
      }
    }
    if (!failures.isEmpty()) {
      String msg = cause.getMessage() + "; ROLLBACK FAILED, the system may be half-changed: "
          + String.join("; ", failures);
      LOG.error(msg);
      throw new HnvException(Kind.ROLLBACK_FAILED, msg, cause);
    }
  }

  /** After {@link #run}: NetworkManager no longer holds the checkpoint (rolled back, or lost). */
  boolean checkpointGone() {
    return checkpointGone;
  }

  private void restore(String uuid, Optional<NmConnectionSettings> before) {
    Optional<NmConnectionSettings> now = nm.settings(uuid);
    if (before.isEmpty()) {
      if (now.isPresent()) {
        nm.delete(uuid);
        LOG.info("rollback: deleted profile {}", uuid);
      }
    } else if (now.isEmpty()) {
      nm.add(before.get(), NmFlags.TO_DISK);
      LOG.info("rollback: re-added profile {}", uuid);
    } else if (!NmSettingsComparison.plain(now.get()).equals(NmSettingsComparison.plain(before.get()))) {
      nm.update(uuid, before.get(), NmFlags.TO_DISK);
      LOG.info("rollback: restored profile {}", uuid);
    }
  }
}
