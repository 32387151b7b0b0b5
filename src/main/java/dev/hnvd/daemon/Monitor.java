package dev.hnvd.daemon;

import dev.hnvd.engine.ApplyObserver;
import dev.hnvd.engine.DynamicRm;
import dev.hnvd.engine.Engine;
import dev.hnvd.engine.HnvReading;
import dev.hnvd.fs.AtomicFile;
import dev.hnvd.metrics.DaemonFigures;
import dev.hnvd.metrics.HnvMetrics;
import dev.hnvd.wire.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.DBusSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's monitoring: takes a look at the HNVs when something may have changed (a link
 * event, a reconcile, a minute passing), turns the differences into journal lines, D-Bus signals
 * and counters, and keeps the node_exporter textfile current. Counts the DynamicRM commands
 * served and the applies. Looks are serialised on this object; each is a device-tree and sysfs
 * read, no connection-manager call. Counting never waits for a look.
 */
final class Monitor implements ApplyObserver {
  private static final Logger log = LoggerFactory.getLogger(Monitor.class);
  /** The textfile is rewritten at least this often (its counters and timestamps move). */
  static final Duration TEXTFILE_EVERY = Duration.ofSeconds(60);
  /** The sysconfig variable naming the node_exporter textfile (unset: none is written). */
  static final String TEXTFILE_ENV = "HNVD_METRICS_TEXTFILE";

  private final Engine engine;
  private final Clock clock;
  private final Consumer<DBusSignal> signals;
  private final Optional<Path> textfile;
  // Guarded by this (the looks).
  private final HnvTracker tracker = new HnvTracker();
  private Instant textfileWritten;
  private String textfileProblem = "";
  /**
   * Guards the counters below, apart from the looks: a command's answer (the HMC waits for
   * hcnqrydev) must not wait behind a look's device-tree read. Taken after this, never before.
   */
  private final Object counts = new Object();
  private final Map<String, Map<String, Long>> commands = new TreeMap<>();
  private final Map<String, Long> applies = new TreeMap<>();
  private Instant lastReconcile;

  /**
   * @param signals sends a signal on the bus (drops it when there is no bus)
   * @param textfile where to keep the node_exporter textfile, if anywhere
   */
  Monitor(Engine engine, Clock clock, Consumer<DBusSignal> signals, Optional<Path> textfile) {
    this.engine = engine;
    this.clock = clock;
    this.signals = signals;
    this.textfile = textfile;
  }

  /** The textfile path from the daemon's environment (HNVD_METRICS_TEXTFILE), if set. */
  static Optional<Path> textfile(Map<String, String> env) {
    String v = env.getOrDefault(TEXTFILE_ENV, "").trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
  }

  /** Looks now; reports what changed since the last look. Failures are logged, never thrown. */
  synchronized void look(String why) {
    List<HnvReading> now;
    try {
      now = HnvReading.of(engine);
    } catch (RuntimeException e) {
      log.debug("monitor: cannot read the HNVs ({}), ignoring: {}", why, e.toString());
      return;
    }
    Instant at = clock.instant();
    List<HnvTracker.Change> changes = tracker.observe(now, at);
    changes.forEach(c -> {
      log.info("{}", describe(c));
      send(c);
    });
    if (textfile.isPresent() && (!changes.isEmpty() || textfileWritten == null
        || !at.isBefore(textfileWritten.plus(TEXTFILE_EVERY)))) {
      writeTextfile(textfile.get(), at);
    }
  }

  /** The Prometheus text after a fresh look: gauges now, counters so far. */
  synchronized String metrics() {
    look("metrics asked");
    return render();
  }

  private synchronized String render() {
    return HnvMetrics.render(tracker.current(), Optional.of(figures()));
  }

  synchronized DaemonFigures figures() {
    synchronized (counts) {
      return DaemonFigures.of(tracker.figures(), commands, applies, Optional.ofNullable(lastReconcile));
    }
  }

  /** A command the daemon served: DynamicRM ones are counted by result. */
  void served(Wire.Request req, Wire.Reply reply) {
    if (!DynamicRm.NAMES.contains(req.argv0()) || !reply.ran()) {
      return;
    }
    synchronized (counts) {
      commands.computeIfAbsent(req.argv0(), k -> new TreeMap<>())
          .merge(reply.exit() == 0 ? "success" : "failure", 1L, Long::sum);
    }
  }

  /** A full reconcile ended (successful or not). */
  void reconciled() {
    synchronized (counts) {
      lastReconcile = clock.instant();
    }
  }

  @Override
  public void ended(ApplyObserver.Result r) {
    synchronized (counts) {
      applies.merge(r.label(), 1L, Long::sum);
    }
  }

  private void writeTextfile(Path file, Instant at) {
    try {
      AtomicFile.write(file, render().getBytes(StandardCharsets.UTF_8),
          // node_exporter runs as its own user: the file must be readable by others.
          PosixFilePermissions.fromString("rw-r--r--"));
      textfileWritten = at;
      textfileProblem = "";
    } catch (IOException | RuntimeException e) {
      // Said once per distinct problem: a missing directory must not fill the journal every minute.
      if (!textfileProblem.equals(String.valueOf(e.getMessage()))) {
        textfileProblem = String.valueOf(e.getMessage());
        log.warn("cannot write the metrics textfile {} (see {} in /etc/sysconfig/hnvd), ignoring: {}", file,
            TEXTFILE_ENV, e.toString());
      }
    }
  }

  private void send(HnvTracker.Change c) {
    try {
      signals.accept(signal(c));
    } catch (DBusException | RuntimeException e) {
      log.debug("signal for {} not sent: {}", c.bond(), e.toString());
    }
  }

  /** The D-Bus signal of a change (declared in Hnvd1 and the installed interface file). */
  static DBusSignal signal(HnvTracker.Change c) throws DBusException {
    return c.accept(SIGNALS);
  }

  /** One journal line per change. */
  static String describe(HnvTracker.Change c) {
    return c.describe();
  }

  private static final HnvTracker.Visitor<DBusSignal, DBusException> SIGNALS = new HnvTracker.Visitor<>() {
    @Override
    public DBusSignal appeared(HnvTracker.Appeared c) throws DBusException {
      return new Hnvd1.HnvAppeared(Hnvd1.OBJECT_PATH, c.id().hex(), c.bond());
    }

    @Override
    public DBusSignal vanished(HnvTracker.Vanished c) throws DBusException {
      return new Hnvd1.HnvVanished(Hnvd1.OBJECT_PATH, c.id().hex(), c.bond());
    }

    @Override
    public DBusSignal activePortChanged(HnvTracker.ActivePortChanged a) throws DBusException {
      return new Hnvd1.ActivePortChanged(Hnvd1.OBJECT_PATH, a.id().hex(), a.bond(), a.from().orElse(""),
          a.to().orElse(""), a.kind().map(k -> k.label()).orElse(""));
    }

    @Override
    public DBusSignal migrationSafetyChanged(HnvTracker.MigrationSafetyChanged m) throws DBusException {
      return new Hnvd1.MigrationSafetyChanged(Hnvd1.OBJECT_PATH, m.id().hex(), m.bond(), m.safe(), m.reason());
    }
  };
}
