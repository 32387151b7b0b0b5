package dev.hnvd.backend.nm;

import dev.hnvd.plan.Action;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.freedesktop.dbus.DBusPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint one apply holds, from creation to destroy or rollback: NetworkManager's own
 * undo of the devices, plus our record of it on disk (so a daemon killed mid-apply rolls it back
 * at its next start). Absent when NetworkManager could not make one; the apply then relies on our
 * profile snapshot alone.
 */
final class NmHeldCheckpoint {
  private static final Logger LOG = LoggerFactory.getLogger(NmHeldCheckpoint.class);

  private final NmClient nm;
  private final NmTimeouts timeouts;
  private final NmCheckpointRecords records;
  /** NetworkManager's run it was made in: a restart drops every checkpoint. */
  private final long generation;
  private final DBusPath path;
  private final Optional<Path> record;
  private long extendedAt;

  private NmHeldCheckpoint(NmClient nm, NmTimeouts timeouts, NmCheckpointRecords records, long generation,
      DBusPath path, Optional<Path> record) {
    this.nm = nm;
    this.timeouts = timeouts;
    this.records = records;
    this.generation = generation;
    this.path = path;
    this.record = record;
    this.extendedAt = System.nanoTime();
  }

  /** Takes a checkpoint over the devices the actions touch, and records it. */
  static NmHeldCheckpoint take(NmClient nm, NmTimeouts timeouts, NmCheckpointRecords records, long generation,
      List<Action> actions) {
    DBusPath p = new NmCheckpoints(nm, timeouts, records).create(actions).orElse(null);
    Optional<Path> record = Optional.empty();
    if (p != null) {
      try {
        record = records.record(p, nm.nmOwner());
      } catch (RuntimeException e) {
        LOG.warn("cannot record checkpoint {}: {}", p, NmErrors.text(e));
      }
    }
    return new NmHeldCheckpoint(nm, timeouts, records, generation, p, record);
  }

  /** The checkpoint, or null when there is none (what NmRollback takes). */
  DBusPath path() {
    return path;
  }

  long generation() {
    return generation;
  }

  /**
   * Past half of the checkpoint's rollback timeout (long activations), extend it, as nmstate does:
   * NM's auto-rollback must only fire when hnvd is gone, not while it is still working.
   */
  void keepAlive() {
    long half = timeouts.checkpointRollbackSeconds() * 500_000_000L;
    if (path != null && nm.generation() == generation && System.nanoTime() - extendedAt > half) {
      nm.checkpointAdjust(path, timeouts.checkpointRollbackSeconds());
      extendedAt = System.nanoTime();
    }
  }

  /** The apply succeeded: destroy the checkpoint (keep the changes) and its record. */
  void finish(Consumer<String> warn) {
    if (path == null) {
      return;
    }
    if (nm.generation() != generation) {
      warn.accept("NetworkManager restarted during apply: its checkpoint was lost; the result was verified");
      records.forget(record);
      return;
    }
    try {
      nm.checkpointDestroy(path);
      records.forget(record);
    } catch (RuntimeException e) {
      // The record stays: the next apply that meets this checkpoint rolls it back.
      warn.accept("could not destroy checkpoint " + path + ": " + NmErrors.text(e));
    }
  }

  /** The checkpoint is gone (rolled back or lost): its record is no longer a leftover. */
  void forgetRecord() {
    records.forget(record);
  }

  /** However the apply ended, a record still on disk is now a leftover for the next apply to recover. */
  void release() {
    records.release(record);
  }
}
