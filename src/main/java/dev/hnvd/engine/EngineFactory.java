package dev.hnvd.engine;

import dev.hnvd.backend.BackendChooser;
import dev.hnvd.backend.SystemdUnits;
import dev.hnvd.backend.UnitStates;
import dev.hnvd.backend.nm.NmBackend;
import dev.hnvd.backend.wicked.ServiceState;
import dev.hnvd.backend.wicked.WickedBackend;
import dev.hnvd.backend.wicked.WickedSettings;
import dev.hnvd.backend.wicked.WickeddOnBus;
import dev.hnvd.model.HnvException;
import dev.hnvd.platform.Discoverer;
import dev.hnvd.platform.KernelView;
import dev.hnvd.platform.Roots;
import dev.hnvd.platform.SysfsKernel;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engine for a set of settings: the only place that picks implementations (which
 * connection manager, over which bus). The CLI builds one per command; the daemon one for its life
 * whose backend is opened once and shared ({@link #shared}).
 */
public final class EngineFactory {
  private static final Logger LOG = LoggerFactory.getLogger(EngineFactory.class);
  private EngineFactory() {}

  public static Roots roots(Settings s) {
    return Roots.of(s.root(), s.deviceTree(), s.sysfs());
  }

  /**
   * How a one-shot command waits for a hot-added device's interface: a re-read every 100 ms. It
   * has no daemon's netlink listener, and opening one costs native code loaded into every command
   * (the lean path's budget, docs/performance.md) for a wait that only a DLPAR add without a
   * running hnvd ever has.
   */
  static final Duration CLI_POLL = Duration.ofMillis(100);

  public static Engine engine(Settings s) {
    return engine(s, (roots, kernel) -> noPaths(roots.sysfs()));
  }

  /** Builds the path evidence source of an engine from where it reads the kernel. */
  @FunctionalInterface
  public interface PathWatches {
    PathWatch of(Roots roots, KernelView kernel);
  }

  /** A one-shot command's engine whose LPM gate gets its path evidence from {@code paths}. */
  public static Engine engine(Settings s, PathWatches paths) {
    Roots roots = roots(s);
    KernelView kernel = new SysfsKernel(roots.sysfs());
    return engine(s, roots, kernel, backends(s, roots, kernel, null), LinkWait.every(CLI_POLL),
        paths.of(roots, kernel));
  }

  /** Whether {@code sysfs} is the running kernel's /sys (whose interfaces a packet socket reaches). */
  public static boolean kernelSysfs(java.nio.file.Path sysfs) {
    try {
      return sysfs.toRealPath().equals(java.nio.file.Path.of("/sys"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * An engine without path evidence, saying why in the gate's reason: the same words whichever
   * process answers (the daemon and a command in-process must print the same bytes).
   */
  public static PathWatch noPaths(java.nio.file.Path sysfs) {
    return PathWatch.none(kernelSysfs(sysfs) ? "no path watcher in this process"
        : "sysfs " + sysfs + " is not the running kernel's");
  }

  /** The site's gate knobs (HNVD_MIGRATION_GATE, HNVD_PATH_TARGET) for {@code s}. */
  public static GateConfig gateConfig(Settings s) {
    return GateConfig.read(s.root(), System.getenv());
  }

  /**
   * The daemon's engine: its backend is opened on first use and kept ({@link SharedBackend}), and
   * a NetworkManager backend borrows {@code bus} (the daemon's connection) instead of opening its
   * own, unless it is null. {@link Engine#close()} ends the kept backend. {@code links} wakes
   * the wait for a hot-added device's interface (the daemon's netlink listener, or a poll).
   */
  public static Engine shared(Settings s, Supplier<DBusConnection> bus, LinkWait links) {
    return shared(s, bus, links, noPaths(roots(s).sysfs()));
  }

  /** The daemon's engine whose LPM gate reads {@code paths} (the daemon's kept evidence). */
  public static Engine shared(Settings s, Supplier<DBusConnection> bus, LinkWait links, PathWatch paths) {
    Roots roots = roots(s);
    KernelView kernel = new SysfsKernel(roots.sysfs());
    return engine(s, roots, kernel, new SharedBackend(backends(s, roots, kernel, bus)), links, paths);
  }

  private static Engine engine(Settings s, Roots roots, KernelView kernel, BackendFactory backends,
      LinkWait links, PathWatch paths) {
    Discoverer discoverer = new Discoverer(roots);
    return new Engine(discoverer::discover, discoverer::powervm, kernel, backends,
        s.resolveDeadline(), links, paths, gateConfig(s).policy(), java.time.Clock.systemUTC());
  }

  /**
   * Chooses the connection manager the way the box does (os-release, then systemd's answer for
   * network.service on SUSE), unless --backend says; opens it on each call.
   */
  public static BackendFactory backends(Settings s, Roots roots, KernelView kernel) {
    return backends(s, roots, kernel, null);
  }

  private static BackendFactory backends(Settings s, Roots roots, KernelView kernel, Supplier<DBusConnection> bus) {
    return () -> {
      BackendChooser.Choice choice = choose(s, roots);
      LOG.debug("backend {}: {}", choice.kind(), choice.reason());
      if (choice.kind() == BackendChooser.Kind.WICKED) {
        WickedSettings ws = WickedSettings.underRoot(s.root()).withSysfs(roots.sysfs());
        return new WickedBackend(ws, ServiceState.of(units(s), new WickeddOnBus(s.bus())), kernel);
      }
      // Checkpoint records: a killed hnvd's checkpoint is rolled back by the next run (NmBackend).
      java.nio.file.Path run = s.root().resolve("run/hnvd");
      if (bus != null) {
        return NmBackend.over(bus, kernel, roots.sysfs(), run);
      }
      return s.bus() == null || s.bus().isBlank()
          ? NmBackend.connect(kernel, roots.sysfs(), run)
          : NmBackend.connect(s.bus(), kernel, roots.sysfs(), run);
    };
  }

  private static BackendChooser.Choice choose(Settings s, Roots roots) {
    if (!s.backend().equals("auto")) {
      return new BackendChooser(s.root(), name -> UnitStates.Unit.notFound(name))
          .choose(Optional.of(s.backend()));
    }
    // systemd's own answer, or its failure: a bus that is down must not read as "not installed".
    return new BackendChooser(s.root(), name -> {
      try (SystemdUnits u = s.bus() == null || s.bus().isBlank()
          ? SystemdUnits.onSystemBus() : SystemdUnits.onBus(s.bus())) {
        return u.load(name);
      }
    }).choose();
  }

  /** systemd over D-Bus for wicked's state (unreachable reads as not found); asked lazily. */
  private static UnitStates units(Settings s) {
    return name -> {
      try (SystemdUnits u = s.bus() == null || s.bus().isBlank()
          ? SystemdUnits.onSystemBus() : SystemdUnits.onBus(s.bus())) {
        return u.load(name);
      } catch (HnvException e) {
        return UnitStates.Unit.notFound(name);
      }
    };
  }
}
