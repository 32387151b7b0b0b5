package dev.hnvd.cli;

import dev.hnvd.daemon.Daemon;
import dev.hnvd.daemon.ForwardedCommands;
import dev.hnvd.daemon.LinkChanges;
import dev.hnvd.daemon.LinkEvents;
import dev.hnvd.daemon.PathKeeper;
import dev.hnvd.engine.PathWatch;
import dev.hnvd.platform.SysfsKernel;
import java.time.Clock;
import java.util.Set;
import dev.hnvd.engine.Engine;
import dev.hnvd.engine.EngineFactory;
import dev.hnvd.engine.LinkWait;
import dev.hnvd.engine.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.freedesktop.dbus.connections.impl.DBusConnection;

/**
 * {@code hnvd}: the long-running service. Wires the daemon with the same engine the CLI uses (its
 * backend kept open for the daemon's life) and the DynamicRM commands for forwarded requests, runs
 * until SIGTERM, and exits 0 after a clean stop (so systemd records a clean exit, not 143).
 */
final class HnvdCommand {
  private HnvdCommand() {}

  static int run(List<String> args, Settings settings, PrintStream out, PrintStream err) {
    // The daemon tells its story in the journal at INFO; set before the first logger exists.
    if (System.getProperty("hnvd.log.level") == null) {
      System.setProperty("hnvd.log.level", "INFO");
    }
    Map<String, String> env = System.getenv();
    Options o;
    try {
      o = Options.parse(args, settings, env);
    } catch (IllegalArgumentException e) {
      err.println("hnvd: " + e.getMessage());
      usage(err);
      return 1;
    }
    if (o == null) {
      usage(out);
      return 0;
    }
    // One bus connection for the daemon's life, shared: connecting per command cost more than the
    // command. NetworkManager is driven over the daemon's own connection (its API and NM's
    // signals are on it), unless the daemon has none (--no-bus) or the backend was told another
    // bus: one connection instead of two is three threads less.
    String busAddress = env.get("DBUS_SYSTEM_BUS_ADDRESS");
    AtomicReference<Daemon> self = new AtomicReference<>();
    Supplier<DBusConnection> daemonBus = o.bus && sameBus(o.settings.bus(), busAddress)
        ? () -> self.get().busConnection() : null;
    Path sysfs = EngineFactory.roots(o.settings).sysfs();
    // The kernel's link events are our network namespace's: they describe the sysfs we read only
    // when that is the kernel's own /sys (a rig's or a fixture's tree is looked at by polling).
    LinkChanges changes = new LinkChanges();
    Optional<LinkEvents> events = kernelSysfs(sysfs) ? LinkEvents.open(changes) : Optional.empty();
    LinkWait links = events.isPresent() ? changes : LinkWait.every(RESOLVE_POLL);
    // The LPM gate's path evidence, kept by the daemon for the ports of the HNV bonds it last
    // discovered; only when sysfs is the running kernel's (a fixture's interfaces cannot be probed).
    Optional<PathKeeper> keeper = kernelSysfs(sysfs)
        ? Optional.of(new PathKeeper(new SysfsKernel(sysfs), sysfs,
            () -> self.get() == null ? Set.of() : self.get().hnvBonds(),
            EngineFactory.gateConfig(o.settings).target(), Clock.systemUTC()))
        : Optional.empty();
    PathWatch paths = keeper.isPresent() ? keeper.get() : EngineFactory.noPaths(sysfs);
    Engine engine = EngineFactory.shared(o.settings, daemonBus, links, paths);
    Daemon.Config cfg = new Daemon.Config(o.socket, o.stateDir, o.settings.lockFile(),
        sysfs, o.bus, busAddress,
        Duration.ofMillis(o.kernelPollMs), Duration.ofMillis(75), env);
    Daemon daemon = new Daemon(cfg, engine, new ForwardedCommands(o.settings, engine),
        events.isPresent() ? changes : null);
    self.set(daemon);
    keeper.ifPresent(k -> k.onNews(daemon::pathNews));
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean serving = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.close();
      keeper.ifPresent(PathKeeper::close);
      events.ifPresent(LinkEvents::close);
      engine.close();
      stopped.countDown();
      System.err.flush();
      if (serving.get()) {
        // SIGTERM is our normal stop: exit 0, not the JVM's 143.
        Runtime.getRuntime().halt(0);
      }
    }, "hnvd-shutdown"));
    try {
      keeper.ifPresent(PathKeeper::start);
      daemon.start();
      serving.set(true);
    } catch (IOException | RuntimeException e) {
      err.println("hnvd: cannot start: " + e.getMessage());
      daemon.close();
      keeper.ifPresent(PathKeeper::close);
      events.ifPresent(LinkEvents::close);
      return 1;
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Without link events, the daemon's wait for a hot-added device's interface re-reads this often. */
  private static final Duration RESOLVE_POLL = Duration.ofMillis(100);

  /** Whether {@code sysfs} is the running kernel's /sys (whose links netlink reports). */
  static boolean kernelSysfs(Path sysfs) {
    try {
      return sysfs.toRealPath().equals(Path.of("/sys"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether two bus addresses name the same bus (null or blank: the system bus's default). */
  static boolean sameBus(String a, String b) {
    String x = a == null || a.isBlank() ? "" : a.strip();
    String y = b == null || b.isBlank() ? "" : b.strip();
    return x.equals(y);
  }

  private static void usage(PrintStream p) {
    p.println("Usage: hnvd [--root DIR] [--device-tree DIR] [--sysfs DIR] [--backend auto|nm|wicked]");
    p.println("            [--socket PATH] [--state-dir DIR] [--no-bus] [--kernel-poll-ms N]");
    p.println("Environment: HNVD_SOCKET, HNVD_STATE_DIR, HNVD_LOG_LEVEL, DBUS_SYSTEM_BUS_ADDRESS,");
    p.println("             NOTIFY_SOCKET and WATCHDOG_USEC (from systemd).");
  }

  /** The daemon's command line. */
  private static final class Options {
    Settings settings;
    Path socket;
    Path stateDir;
    boolean bus = true;
    long kernelPollMs = 1000;

    /** Null means help was asked for. */
    static Options parse(List<String> args, Settings s, Map<String, String> env) {
      Options o = new Options();
      String socket = env.get("HNVD_SOCKET");
      String state = env.get("HNVD_STATE_DIR");
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        String inline = a.startsWith("--") && a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
        switch (name) {
          case "-h", "--help" -> {
            return null;
          }
          case "--no-bus" -> o.bus = false;
          case "--root", "--device-tree", "--sysfs", "--backend", "--socket", "--state-dir", "--kernel-poll-ms" -> {
            String v = inline != null ? inline : (i + 1 < args.size() ? args.get(++i) : null);
            if (v == null || v.isEmpty()) {
              throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
              case "--root" -> s = s.withRoot(Path.of(v));
              case "--device-tree" -> s = s.withDeviceTree(Path.of(v));
              case "--sysfs" -> s = s.withSysfs(Path.of(v));
              case "--backend" -> s = s.withBackend(v);
              case "--socket" -> socket = v;
              case "--state-dir" -> state = v;
              default -> {
                try {
                  o.kernelPollMs = Long.parseLong(v);
                } catch (NumberFormatException e) {
                  throw new IllegalArgumentException("--kernel-poll-ms needs a number, not '" + v + "'");
                }
              }
            }
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      o.settings = s;
      o.socket = socket != null && !socket.isEmpty() ? Path.of(socket) : s.root().resolve("run/hnvd/hnvd.sock");
      o.stateDir = state != null && !state.isEmpty() ? Path.of(state) : s.root().resolve("var/lib/hnvd");
      return o;
    }
  }
}
