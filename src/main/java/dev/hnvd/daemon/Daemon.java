package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import dev.hnvd.engine.Engine;
import dev.hnvd.json.Json;
import dev.hnvd.engine.EngineLock;
import dev.hnvd.engine.Outcome;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.HnvException;
import java.io.IOException;
import java.nio.file.Files;
import dev.hnvd.platform.FileNames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service: boot reconcile, then READY; afterwards it keeps every HNV converged on events
 * (NetworkManager signals, kernel changes) and serves commands (socket, D-Bus). All operations run
 * on the one {@link Loop}; everything else only posts to it.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);
  /**
   * The longest one operation may keep the loop before the watchdog calls it wedged: udev naming
   * (30 s), the engine lock (120 s) and the connection manager's bounded apply, with room to spare.
   */
  static final Duration TASK_BUDGET = Duration.ofMinutes(4);
  /** Consecutive replans that changed something before we suspect a fight, and the pause then. */
  static final int MAX_CHANGING_STREAK = 5;
  static final Duration HOLD_OFF = Duration.ofSeconds(30);
  /**
   * After a failed replan whose kind is {@link HnvException.Kind#retryable() retryable}, try again
   * this much later even if no event comes: a failure such as a
   * checkpoint left by a killed hnvd (NetworkManager rolls it back by itself after 120 s, without
   * any event we would see) must not leave an HNV unconfigured forever.
   */
  static final Duration RETRY = Duration.ofSeconds(15);
  /**
   * Failures in a row double the wait, up to this: a connection manager that is absent (not
   * installed, stopped on purpose) must not have us retry and warn every 15 s forever. Its
   * return is an event (NetworkManager on the bus, a link change) that replans at once anyway.
   */
  static final Duration MAX_RETRY = Duration.ofMinutes(5);
  /**
   * How long a backend waits for the bus link: a connect takes well under a second; the same
   * bound a command's own connection had (its transport timeout).
   */
  static final Duration BUS_WAIT = Duration.ofSeconds(3);

  /**
   * How often the kernel watcher looks anyway when link events drive it: netlink drops messages
   * when the socket's queue overflows (ENOBUFS, which the listener turns into one look, but an
   * overflow during a burst can still hide the burst's last change), and not every bond change the
   * watcher compares is certain to make a link message on every kernel.
   */
  static final Duration SAFETY_NET = Duration.ofSeconds(30);

  /**
   * Where things are and how the daemon behaves.
   *
   * @param socket the command socket
   * @param stateDir where state.json lives
   * @param lockFile the cross-process engine lock (same file the CLI takes)
   * @param sysfs for the kernel watcher's interface listing ({@code <sysfs>/class/net})
   * @param bus whether to use D-Bus at all (API and NetworkManager events)
   * @param busAddress a D-Bus address, or null for the system bus
   * @param kernelPoll how often the kernel watcher looks when there are no link events (with them
   *     it looks on each event and every {@link #SAFETY_NET}); zero disables it
   * @param debounce how long a replan waits for the rest of a burst of events
   * @param env NOTIFY_SOCKET and WATCHDOG_* come from here
   */
  public record Config(Path socket, Path stateDir, Path lockFile, Path sysfs, boolean bus, String busAddress,
      Duration kernelPoll, Duration debounce, Map<String, String> env) {
    public Config {
      env = Map.copyOf(env);
    }
  }

  private final Config cfg;
  private final Engine engine;
  private final CommandRunner commands;
  private final Clock clock;
  private final Loop loop = new Loop();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private final ScheduledExecutorService timer;
  private final Notifier notifier;
  private final Replanner replanner;
  private final StateKeeper state;
  private final KernelWatcher kernelWatcher;
  /** The kernel's link events, or null: then the watcher polls every {@code kernelPoll}. */
  private final LinkChanges links;
  /** Metrics, change signals and the textfile (docs/operations.md, "Metrics"). */
  private final Monitor monitor;
  private final java.util.concurrent.atomic.AtomicBoolean kernelLookQueued = new java.util.concurrent.atomic.AtomicBoolean();
  private SocketServer socket;
  /**
   * The daemon's one system-bus connection: NetworkManager's signals and our API on it together
   * (each connection costs dbus-java three threads and its buffers, docs/performance.md).
   */
  private volatile BusLink bus;
  private Watchdog watchdog;
  // Loop-confined: only tasks on the loop read or write these.
  private volatile String lastReplanReason = "";
  /** The HNV bonds of the last discovery, for the path keeper (any thread reads it). */
  private volatile Set<String> hnvBonds = Set.of();
  private int changingStreak;
  private final Detached detached = new Detached();
  private final DiscoveryLog discoveryLog = new DiscoveryLog();
  private final java.util.concurrent.atomic.AtomicBoolean retryPending = new java.util.concurrent.atomic.AtomicBoolean();
  // Loop-confined: consecutive failed replans, and the message the last one was logged with.
  private final ReplanFailures failures = new ReplanFailures();

  public Daemon(Config cfg, Engine engine, CommandRunner commands) {
    this(cfg, engine, commands, null);
  }

  /** @param links the kernel's link events the watcher looks on (null: it polls, as without netlink) */
  public Daemon(Config cfg, Engine engine, CommandRunner commands, LinkChanges links) {
    this(cfg, engine, commands, Notifier.fromEnv(cfg.env()), Clock.systemUTC(), links);
  }

  Daemon(Config cfg, Engine engine, CommandRunner commands, Notifier notifier, Clock clock) {
    this(cfg, engine, commands, notifier, clock, null);
  }

  Daemon(Config cfg, Engine engine, CommandRunner commands, Notifier notifier, Clock clock, LinkChanges links) {
    this.cfg = cfg;
    this.links = links;
    this.engine = engine;
    this.commands = commands;
    this.notifier = notifier;
    this.clock = clock;
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "hnvd-timer");
      th.setDaemon(true);
      return th;
    });
    // Every command schedules its socket deadlines and cancels them when answered: without this a
    // burst of commands leaves thousands of cancelled tasks queued until their delay runs out.
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    this.replanner = new Replanner(loop,
        (task, delay) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
        cfg.debounce(), this::replan);
    this.state = new StateKeeper(new StateFile(cfg.stateDir()), engine, clock);
    this.monitor = new Monitor(engine, clock, this::signal, Monitor.textfile(cfg.env()));
    engine.observeApplies(monitor);
    this.kernelWatcher = new KernelWatcher(engine.kernel(), this::interfaceNames, why -> {
      log.info("{}", why);
      replanner.request(why);
    });
  }

  /** Starts everything; returns once the boot reconcile is done and READY=1 was sent. */
  public void start() throws IOException {
    notifier.notify("STATUS=starting");
    state.readAtStart();
    socket = new SocketServer(cfg.socket(), this::handle, timer, Duration.ofSeconds(5));
    socket.start();
    if (cfg.bus()) {
      NmEvents nm = new NmEvents(replanner);
      ApiObject object = new ApiObject(this::handle, () -> Json.write(engine.status().json()) + "\n",
          monitor::metrics, new RootCallers(this::busConnection));
      // Subscribe before the boot reconcile: an event during it then causes one more replan
      // instead of being lost.
      bus = new BusLink("system bus", cfg.busAddress(), c -> {
        nm.on(c);
        c.exportObject(Hnvd1.OBJECT_PATH, object);
        object.describeOn(c);
        try {
          c.requestBusName(Hnvd1.BUS_NAME);
          log.info("D-Bus API {} at {}", Hnvd1.BUS_NAME, Hnvd1.OBJECT_PATH);
        } catch (org.freedesktop.dbus.exceptions.DBusException e) {
          // The socket and the events still work; only D-Bus callers miss us.
          log.warn("cannot own {} on the bus, serving without it: {}", Hnvd1.BUS_NAME, e.getMessage());
        }
      });
      nm.attach(bus);
      bus.start();
    }
    try {
      loop.call(() -> {
        replan("boot");
        state.changesSinceStart().forEach(c -> log.info("since the last run: {}", c));
        return null;
      });
    } catch (Exception e) {
      log.error("boot reconcile crashed, serving anyway: {}", e.toString(), e);
    }
    // The monitor's baseline is its first look, queued by the boot reconcile (not taken here:
    // READY must not wait for it); from then on every minute too.
    timer.scheduleWithFixedDelay(() -> monitor.look("every minute"), Monitor.TEXTFILE_EVERY.toMillis(),
        Monitor.TEXTFILE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    if (!cfg.kernelPoll().isZero()) {
      // The baseline is the kernel as the boot reconcile left it, taken before start() returns:
      // a change right after start is then always seen as a change, never as the baseline.
      watchKernel();
      long every = (links == null ? cfg.kernelPoll() : SAFETY_NET).toMillis();
      timer.scheduleWithFixedDelay(this::watchKernel, every, every, TimeUnit.MILLISECONDS);
      if (links != null) {
        links.onChange(this::kernelChanged);
      }
    }
    Optional<Duration> wd = Watchdog.periodFromEnv(cfg.env());
    if (wd.isPresent()) {
      List<Watchdog.Check> checks = new ArrayList<>();
      if (bus != null) {
        BusLink b = bus;
        checks.add(new Watchdog.Check("D-Bus connection dead", b::healthy));
      }
      watchdog = new Watchdog(notifier, loop, wd.get(), TASK_BUDGET, checks, System::nanoTime);
      watchdog.start(timer);
      log.info("watchdog every {} ms", wd.get().toMillis() / 2);
    }
    notifier.notify("READY=1\nSTATUS=" + status());
    log.info("hnvd ready");
  }

  /** One command from the socket or D-Bus; mutating ones run on the loop. */
  Wire.Reply handle(Wire.Request req) {
    try {
      if (!commands.mutating(req)) {
        Wire.Reply r = commands.run(req);
        monitor.served(req, r);
        return r;
      }
      Wire.Reply r = loop.call(() -> {
        Wire.Reply reply = commands.run(req);
        detached.after(req, reply, engine::discover);
        return reply;
      });
      // Recording the new state is queued behind the answer, not in front of it: the HMC waits.
      loop.post(state::save);
      monitor.served(req, r);
      lookSoon(req.argv0());
      return r;
    } catch (Loop.Stopped e) {
      log.info("hnvd is stopping, letting {} run by itself", req.argv0());
      return Wire.Reply.declined();
    } catch (Exception e) {
      // A bug: the caller runs the command itself rather than get a wrong answer.
      log.error("{} failed inside hnvd, declining it: {}", req.argv0(), e.toString(), e);
      return Wire.Reply.declined();
    }
  }

  /** Re-discover and reconcile everything (on the loop). Failures are logged, never thrown. */
  private void replan(String why) {
    lastReplanReason = why;
    try (EngineLock lock = EngineLock.acquire(cfg.lockFile(), Duration.ofSeconds(120))) {
      // One discovery serves both: forgetting what the DLPAR remove took, and the reconcile.
      Discovery d = engine.discover();
      hnvBonds = d.hnvs().stream().map(h -> h.bondName()).collect(java.util.stream.Collectors.toUnmodifiableSet());
      discoveryLog.lines(d).forEach(l -> log.info("{}", l));
      detached.retainListed(d);
      Outcome r = engine.scanExcept(d, detached.devices(), detached.hnvs());
      if (r.writes() > 0 || failures.lastFailed()) {
        log.info("replan ({}): {} changes", why, r.writes());
      } else {
        log.debug("replan ({}): nothing to do", why);
      }
      changingStreak = r.writes() > 0 ? changingStreak + 1 : 0;
      if (changingStreak >= MAX_CHANGING_STREAK) {
        log.warn("{} replans in a row changed something; holding event-driven replans for {} s",
            changingStreak, HOLD_OFF.toSeconds());
        replanner.holdOff(HOLD_OFF);
        changingStreak = 0;
      }
      failures.succeeded(why);
      r.lines().stream().filter(l -> l.level().equals("WARN")).forEach(l -> log.warn("{}", l.text()));
    } catch (HnvException e) {
      failures.failed(why, e).ifPresent(this::retryLater);
    } catch (RuntimeException e) {
      retryLater(failures.crashed(why, e));
    }
    state.save();
    notifier.notify("STATUS=" + status());
    monitor.reconciled();
    lookSoon("reconcile");
  }

  /**
   * A backup's path died or answers again (the path watcher's thread): the gate's answer changed
   * with no link event, so the monitor looks now (signal, metric) instead of at the next minute.
   */
  public void pathNews() {
    lookSoon("path evidence changed");
  }

  /** A look by the monitor on the timer thread, after what may have changed the HNVs. */
  private void lookSoon(String why) {
    if (closed.get()) {
      return;
    }
    try {
      timer.execute(() -> monitor.look(why));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("no look after {}: stopping", why);
    }
  }

  /** Sends one of our signals on the bus; without a connection it is dropped (no one could hear it). */
  private void signal(org.freedesktop.dbus.messages.DBusSignal s) {
    BusLink b = bus;
    if (b != null && b.connected()) {
      b.await(Duration.ZERO).sendMessage(s);
    }
  }

  /**
   * The kernel said a link changed (on the netlink thread): one look on the timer thread, however
   * many events come before it runs.
   */
  private void kernelChanged() {
    if (closed.get() || !kernelLookQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      timer.execute(() -> {
        kernelLookQueued.set(false);
        watchKernel();
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      kernelLookQueued.set(false);
    }
  }

  private void watchKernel() {
    boolean changed = false;
    try {
      changed = kernelWatcher.check();
    } catch (RuntimeException e) {
      log.warn("kernel watcher failed, ignoring: {}", e.toString());
    }
    // A failover is news for the monitor at once (the replan it asks for comes after the
    // debounce). Only on a change: without link events the watcher reads the kernel every second,
    // and a whole look each time would cost every command's latency some CPU for nothing.
    if (changed) {
      monitor.look("kernel look");
    }
  }

  private Set<String> interfaceNames() {
    Path dir = cfg.sysfs().resolve("class/net");
    try (Stream<Path> s = Files.list(dir)) {
      Set<String> out = new TreeSet<>();
      // Decoded from the name's bytes, not by the locale (dev.hnvd.platform.FileNames).
      s.forEach(p -> out.add(FileNames.utf8(p).orElseGet(() -> FileNames.shown(p))));
      return out;
    } catch (IOException e) {
      return Set.of();
    }
  }

  /** One line for systemctl status. */
  private String status() {
    StringBuilder sb = new StringBuilder();
    sb.append(failures.lastFailed() ? "last replan failed" : "converged");
    sb.append("; ").append(replanner.runs()).append(" replans");
    if (bus != null) {
      sb.append(bus.connected() ? "; NetworkManager events on" : "; waiting for D-Bus");
    }
    return sb.toString();
  }

  /** Asks for a replan as an event would (tests, SIGHUP-like triggers). */
  void requestReplan(String why) {
    replanner.request(why);
  }

  /** One pending retry at a time; an event-driven replan in between does the same job. */
  private void retryLater(Duration delay) {
    if (closed.get() || !retryPending.compareAndSet(false, true)) {
      return;
    }
    try {
      timer.schedule(() -> {
        retryPending.set(false);
        replanner.request("retry after a failed replan");
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      retryPending.set(false);
    }
  }

  /** The wait after {@code n} failures in a row (tests). */
  Duration retryGap(int n) {
    return failures.gap(n);
  }

  /** Tests shorten the retry delay. */
  void retryDelay(Duration d) {
    failures.firstDelay(d);
  }

  /** The bonds of the HNVs the last replan discovered (the path keeper watches their ports). */
  public Set<String> hnvBonds() {
    return hnvBonds;
  }

  String lastReplanReason() {
    return lastReplanReason;
  }

  /** Whether the watchdog check would pass for the bus link (connected, or retrying). */
  boolean busHealthy() {
    return bus == null || bus.healthy();
  }

  int replans() {
    return replanner.runs();
  }

  Loop loop() {
    return loop;
  }

  /** The metrics and change tracking (tests). */
  Monitor monitor() {
    return monitor;
  }

  /**
   * The daemon's system-bus connection, for its NetworkManager backend too: one connection per
   * daemon, not two (each costs dbus-java three threads and its buffers; docs/performance.md).
   * Waits a few seconds for the link, which connects in the background from {@link #start()}.
   *
   * @throws HnvException UNREACHABLE when the daemon runs without D-Bus or the bus is not there
   */
  public DBusConnection busConnection() {
    BusLink b = bus;
    if (b == null) {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "hnvd has no D-Bus connection (--no-bus)");
    }
    return b.await(BUS_WAIT);
  }

  /** Our API and NetworkManager's signals share this connection. */
  boolean busConnected() {
    return bus != null && bus.connected();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    notifier.notify("STOPPING=1\nSTATUS=stopping");
    log.info("hnvd stopping");
    if (watchdog != null) {
      watchdog.close();
    }
    if (socket != null) {
      socket.close();
    }
    if (bus != null) {
      bus.close();
    }
    timer.shutdownNow();
    loop.close();
    notifier.close();
  }
}
