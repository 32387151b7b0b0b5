package dev.hnvd.metrics;

import dev.hnvd.model.HcnId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What only a running daemon can count, frozen at one moment: per-HNV history since it started,
 * and its own work.
 *
 * @param hnvs per HNV seen since the daemon started (kept after it vanished: counters must not go
 *     back)
 * @param commands DynamicRM commands served, by command then result ({@code success}, {@code failure})
 * @param applies apply transactions, by result ({@code committed}, {@code rolled_back},
 *     {@code rollback_failed}, {@code failed})
 * @param lastReconcile when the last full reconcile ended, successful or not
 */
public record DaemonFigures(SortedMap<HcnId, Hnv> hnvs, SortedMap<String, SortedMap<String, Long>> commands,
    SortedMap<String, Long> applies, Optional<Instant> lastReconcile) {

  public DaemonFigures {
    hnvs = new TreeMap<>(hnvs);
    TreeMap<String, SortedMap<String, Long>> c = new TreeMap<>();
    commands.forEach((k, v) -> c.put(k, new TreeMap<>(v)));
    commands = c;
    applies = new TreeMap<>(applies);
  }

  /**
   * One HNV's history.
   *
   * @param bond its bond
   * @param backupSeconds time its traffic ran on a backup port
   * @param failovers moves of the active port from the VF to a backup
   * @param restores moves back to the VF
   * @param lastSwitchoverSeconds how long the last switchover took, if one was seen
   */
  public record Hnv(String bond, double backupSeconds, long failovers, long restores,
      Optional<Double> lastSwitchoverSeconds) {}

  public static DaemonFigures none() {
    return new DaemonFigures(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), Optional.empty());
  }

  /** Convenience for tests and callers holding plain maps. */
  public static DaemonFigures of(Map<HcnId, Hnv> hnvs, Map<String, ? extends Map<String, Long>> commands,
      Map<String, Long> applies, Optional<Instant> lastReconcile) {
    TreeMap<String, SortedMap<String, Long>> c = new TreeMap<>();
    commands.forEach((k, v) -> c.put(k, new TreeMap<>(v)));
    return new DaemonFigures(new TreeMap<>(hnvs), c, new TreeMap<>(applies), lastReconcile);
  }
}
