package dev.hnvd.daemon;

import dev.hnvd.engine.Engine;
import dev.hnvd.plan.Profile;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps state.json in step with the system (on the loop): what we own and the interface names,
 * written only when they changed. The record of the previous run is read once at start and is what
 * an inactive migration's clean-up and the "since the last run" lines compare against.
 */
final class StateKeeper {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private final StateFile file;
  private final Engine engine;
  private final Clock clock;
  private StateFile.Saved atStart;
  private StateFile.Saved lastSaved;

  StateKeeper(StateFile file, Engine engine, Clock clock) {
    this.file = file;
    this.engine = engine;
    this.clock = clock;
  }

  /** Reads the previous run's record; once, before the boot reconcile. */
  Optional<StateFile.Saved> readAtStart() {
    Optional<StateFile.Saved> saved = file.read();
    atStart = saved.orElse(null);
    saved.ifPresent(s -> log.info("last reconcile before this start: {}", s.lastReconcile()));
    return saved;
  }

  /** What changed between the previous run's record and the one written since (boot lines). */
  List<String> changesSinceStart() {
    return atStart == null || lastSaved == null ? List.of() : StateFile.changes(atStart, lastSaved);
  }

  /** Writes state.json when what we own or the interface names changed. */
  void save() {
    Optional<List<Profile>> profiles;
    try {
      profiles = Optional.of(engine.profiles());
    } catch (RuntimeException e) {
      // The connection manager is away: keep what we knew we own rather than record "nothing".
      log.debug("no profiles for the state file: {}", e.getMessage());
      profiles = Optional.empty();
    }
    StateFile.Saved now;
    try {
      now = StateFile.of(engine.discover(), profiles.orElse(List.of()), clock.instant());
    } catch (RuntimeException e) {
      log.warn("cannot discover for the state file, ignoring: {}", e.getMessage());
      return;
    }
    StateFile.Saved known = lastSaved != null ? lastSaved : atStart;
    if (profiles.isEmpty() && known != null) {
      now = StateFile.withProfilesOf(now, known);
    }
    if (lastSaved != null && lastSaved.hnvs().equals(now.hnvs())) {
      return;
    }
    try {
      file.write(now);
      lastSaved = now;
    } catch (IOException e) {
      log.warn("cannot write {}, ignoring: {}", file.path(), e.getMessage());
    }
  }
}
