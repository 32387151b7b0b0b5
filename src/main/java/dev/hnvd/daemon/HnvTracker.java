package dev.hnvd.daemon;

import dev.hnvd.engine.HnvReading;
import dev.hnvd.metrics.DaemonFigures;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.PortKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Compares each look at the HNVs with the one before: what changed (for signals and the journal)
 * and the history counters (failovers, restores, time on the backup, the last switchover's
 * duration). Pure: the caller says when each look was taken. Not thread-safe; one owner.
 */
final class HnvTracker {

  /** One change between two looks. */
  sealed interface Change {
    HcnId id();

    String bond();

    /** The journal line. */
    String describe();

    /** Each kind handled by name: a new kind does not compile until every visitor has it. */
    <R, X extends Exception> R accept(Visitor<R, X> v) throws X;
  }

  /** What is done with each kind of change (the D-Bus signal it becomes). */
  interface Visitor<R, X extends Exception> {
    R appeared(Appeared c) throws X;

    R vanished(Vanished c) throws X;

    R activePortChanged(ActivePortChanged c) throws X;

    R migrationSafetyChanged(MigrationSafetyChanged c) throws X;
  }

  /** An HNV the last look did not have (device tree or kernel bond). */
  record Appeared(HcnId id, String bond) implements Change {
    @Override
    public String describe() {
      return bond + ": HNV " + id + " appeared";
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
      return v.appeared(this);
    }
  }

  /** An HNV the last look had and this one does not. */
  record Vanished(HcnId id, String bond) implements Change {
    @Override
    public String describe() {
      return bond + ": HNV " + id + " vanished";
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
      return v.vanished(this);
    }
  }

  /**
   * The bond's active port changed.
   *
   * @param from the old one, empty when there was none
   * @param to the new one, empty when there is none
   * @param kind the new one's kind, when known
   */
  record ActivePortChanged(HcnId id, String bond, Optional<String> from, Optional<String> to,
      Optional<PortKind> kind) implements Change {
    @Override
    public String describe() {
      return bond + ": active port " + from.orElse("none") + " -> " + to.orElse("none")
          + kind.map(k -> " (" + k.label() + ")").orElse("");
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
      return v.activePortChanged(this);
    }
  }

  /** hnv_migration_safe flipped. */
  record MigrationSafetyChanged(HcnId id, String bond, boolean safe, String reason) implements Change {
    @Override
    public String describe() {
      return bond + ": migration " + (safe ? "safe" : "NOT safe") + " (" + reason + ")";
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
      return v.migrationSafetyChanged(this);
    }
  }

  /** One HNV's history since the first look. */
  private static final class History {
    final String bond;
    HnvReading last; // null while the HNV is absent
    Duration backup = Duration.ZERO;
    long failovers;
    long restores;
    Optional<Double> lastSwitchover = Optional.empty();
    /** The active port's last known kind, kept across looks without an active port. */
    Optional<PortKind> lastKind = Optional.empty();
    /** When a look first found the active port without carrier, or no active port. */
    Instant outageSince;

    History(String bond) {
      this.bond = bond;
    }
  }

  private final Map<HcnId, History> hnvs = new TreeMap<>();
  private Instant lastLook;

  /**
   * Records a look taken at {@code at}; returns what changed since the previous one. The first
   * look is the baseline: it reports nothing and counts nothing.
   */
  List<Change> observe(List<HnvReading> now, Instant at) {
    boolean baseline = lastLook == null;
    List<Change> out = new ArrayList<>();
    Map<HcnId, HnvReading> seen = new HashMap<>();
    now.forEach(r -> seen.put(r.id(), r));
    for (Map.Entry<HcnId, History> e : hnvs.entrySet()) {
      History h = e.getValue();
      if (h.last != null && !seen.containsKey(e.getKey())) {
        addBackupTime(h, at);
        h.last = null;
        h.outageSince = null;
        out.add(new Vanished(e.getKey(), h.bond));
      }
    }
    for (HnvReading r : now) {
      History h = hnvs.computeIfAbsent(r.id(), id -> new History(r.bond()));
      HnvReading before = h.last;
      if (before == null) {
        if (!baseline) {
          out.add(new Appeared(r.id(), r.bond()));
        }
      } else {
        addBackupTime(h, at);
        if (!before.activePort().equals(r.activePort())) {
          out.add(new ActivePortChanged(r.id(), r.bond(), before.activePort(), r.activePort(), r.activeKind()));
          switched(h, r, at);
        }
        if (before.migrationSafe() != r.migrationSafe()) {
          out.add(new MigrationSafetyChanged(r.id(), r.bond(), r.migrationSafe(), r.safety()));
        }
      }
      boolean down = r.activePort().isEmpty() || !r.activeCarrier();
      if (down && h.outageSince == null && before != null) {
        h.outageSince = at;
      } else if (!down) {
        h.outageSince = null;
      }
      r.activeKind().ifPresent(k -> h.lastKind = Optional.of(k));
      h.last = r;
    }
    lastLook = at;
    return out;
  }

  /** A new active port: count a failover or a restore, and how long the switch took. */
  private static void switched(History h, HnvReading r, Instant at) {
    if (r.activePort().isEmpty()) {
      return;
    }
    boolean wasVf = h.lastKind.filter(k -> k == PortKind.SRIOV).isPresent();
    boolean wasBackup = h.lastKind.filter(k -> k != PortKind.SRIOV).isPresent();
    if (wasVf && r.onBackup()) {
      h.failovers++;
    } else if (wasBackup && r.activeKind().filter(k -> k == PortKind.SRIOV).isPresent()) {
      h.restores++;
    }
    Duration took = h.outageSince == null ? Duration.ZERO : Duration.between(h.outageSince, at);
    h.lastSwitchover = Optional.of(took.toNanos() / 1e9);
    h.outageSince = null;
  }

  /** The time since the last look counts as backup time when the last look found it on one. */
  private void addBackupTime(History h, Instant at) {
    if (h.last != null && h.last.onBackup() && lastLook != null && at.isAfter(lastLook)) {
      h.backup = h.backup.plus(Duration.between(lastLook, at));
    }
  }

  /** Every HNV's history so far (those seen once included). */
  Map<HcnId, DaemonFigures.Hnv> figures() {
    Map<HcnId, DaemonFigures.Hnv> out = new TreeMap<>();
    hnvs.forEach((id, h) -> out.put(id, new DaemonFigures.Hnv(h.bond, h.backup.toNanos() / 1e9, h.failovers,
        h.restores, h.lastSwitchover)));
    return out;
  }

  /** The last look's readings, in HCN id order. */
  List<HnvReading> current() {
    return hnvs.values().stream().filter(h -> h.last != null).map(h -> h.last).toList();
  }
}
