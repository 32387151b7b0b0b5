package dev.hnvd.backend.nm;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.backend.Backend;
import dev.hnvd.backend.BondSysfs;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import dev.hnvd.plan.Plan;
import dev.hnvd.plan.Profile;
import dev.hnvd.platform.KernelView;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NetworkManager over D-Bus: reads every profile, applies plans as one transaction (see
 * {@link NmTransaction}), and marks the profiles it owns with {@code user.data hnvd.owner=hnvd}.
 * Never runs nmcli. Reconnects to the bus by itself when the connection was lost.
 */
public final class NmBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(NmBackend.class);

  private final KernelView kernel;
  private final BondSysfs sysfs;
  private final NmTimeouts timeouts;
  private final Optional<String> address;
  /** The owner's connection to borrow (the daemon's), or null to open one of our own. */
  private final Supplier<DBusConnection> shared;
  private final NmCheckpointRecords records;
  private volatile NmWriteHook hook = NmWriteHook.NONE;
  private NmClient client;

  /** Where checkpoint records live unless the caller says: tmpfs, so a reboot clears them with NM's. */
  static final Path DEFAULT_RUN_DIR = Path.of("/run/hnvd");

  private NmBackend(Optional<String> address, KernelView kernel, Path sysfs, NmTimeouts timeouts,
      Optional<Path> runDir) {
    this(address, null, kernel, sysfs, timeouts, runDir);
  }

  private NmBackend(Optional<String> address, Supplier<DBusConnection> shared, KernelView kernel, Path sysfs,
      NmTimeouts timeouts, Optional<Path> runDir) {
    this.address = address;
    this.shared = shared;
    this.kernel = kernel;
    this.sysfs = new BondSysfs(sysfs);
    this.timeouts = timeouts;
    this.records = new NmCheckpointRecords(runDir);
    this.client = open();
    // A restarted daemon or the next command should not wait out NM's timeout on our leftover;
    // done before anything reads state, because the rollback changes profiles and devices.
    records.recover(client);
  }

  /** Connects to NetworkManager on the system bus; runtime bond writes go to {@code /sys}. */
  public static NmBackend connect(KernelView kernel) {
    return connect(kernel, Path.of("/sys"));
  }

  /**
   * Connects to NetworkManager on the system bus ({@code DBUS_SYSTEM_BUS_ADDRESS} honoured).
   *
   * @param kernel kernel truth to verify against
   * @param sysfs root for runtime bond writes ({@code bonding/primary}, {@code active_slave}); the
   *     same sysfs the KernelView reads
   * @throws HnvException UNREACHABLE (quickly) when the bus or NetworkManager is not there, or
   *     NOT_SUPPORTED for NetworkManager older than 1.20
   */
  public static NmBackend connect(KernelView kernel, Path sysfs) {
    return connect(kernel, sysfs, DEFAULT_RUN_DIR);
  }

  /**
   * Like {@link #connect(KernelView, Path)}, recording the checkpoints hnvd creates under
   * {@code runDir} (created 0700 when missing) so that a run killed mid-apply does not block the
   * next one until NetworkManager's rollback timeout: its checkpoint is rolled back at once.
   */
  public static NmBackend connect(KernelView kernel, Path sysfs, Path runDir) {
    return new NmBackend(Optional.empty(), kernel, sysfs, NmTimeouts.defaults(), Optional.of(runDir));
  }

  /**
   * Like {@link #connect(KernelView, Path)} but on an explicit bus address such as
   * {@code unix:path=/run/dbus/system_bus_socket} (a test rig, or {@code hnvctl --bus}).
   */
  public static NmBackend connect(String busAddress, KernelView kernel, Path sysfs) {
    return connect(busAddress, kernel, sysfs, DEFAULT_RUN_DIR);
  }

  /** On an explicit bus address, with checkpoint records under {@code runDir}. */
  public static NmBackend connect(String busAddress, KernelView kernel, Path sysfs, Path runDir) {
    return new NmBackend(Optional.of(busAddress), kernel, sysfs, NmTimeouts.defaults(), Optional.of(runDir));
  }

  /**
   * On a connection someone else owns and keeps alive: the daemon's one system-bus connection
   * (docs/performance.md). {@code bus} returns it, connected, or throws HnvException UNREACHABLE;
   * it is asked again whenever the connection it gave died. close() leaves the connection open.
   */
  public static NmBackend over(Supplier<DBusConnection> bus, KernelView kernel, Path sysfs, Path runDir) {
    return new NmBackend(Optional.empty(), bus, kernel, sysfs, NmTimeouts.defaults(), Optional.of(runDir));
  }

  /** Tests: short timeouts; no checkpoint records. */
  static NmBackend connect(String busAddress, KernelView kernel, Path sysfs, NmTimeouts timeouts) {
    return new NmBackend(Optional.ofNullable(busAddress), kernel, sysfs, timeouts, Optional.empty());
  }

  /** Tests: short timeouts, checkpoint records under {@code runDir}. */
  static NmBackend connect(String busAddress, KernelView kernel, Path sysfs, NmTimeouts timeouts, Path runDir) {
    return new NmBackend(Optional.ofNullable(busAddress), kernel, sysfs, timeouts, Optional.of(runDir));
  }

  private NmClient open() {
    // Caching profile settings pays off for a backend that serves many commands (the daemon keeps
    // one); a one-shot command reads each profile once either way.
    NmClient c = shared != null
        ? NmClient.over(shared.get(), timeouts.call(), true)
        : NmClient.open(address, timeouts.call(), () -> LOG.warn("lost the system bus connection"), true);
    if (c.version().compareTo(NmVersion.MINIMUM) < 0) {
      c.close();
      throw new HnvException(Kind.NOT_SUPPORTED, "NetworkManager " + c.version()
          + " is too old: hnvd needs " + NmVersion.MINIMUM + " (AddConnection2)");
    }
    return c;
  }

  /** The client, rebuilt (connection, proxies, signal handlers) if the bus connection died. */
  private synchronized NmClient client() {
    if (!client.usable()) {
      LOG.info("reconnecting to the system bus");
      client.close();
      client = open();
    }
    return client;
  }

  /** The NetworkManager version, e.g. "1.42.4". */
  public String version() {
    return client().version().toString();
  }

  @Override
  public String describe() {
    return "NetworkManager " + version();
  }

  @Override
  public List<Profile> profiles() {
    try {
      // Before anyone plans from this state: a killed run's checkpoint would be rolled back under it.
      NmClient c = client();
      records.recover(c);
      return c.allSettings().stream().map(NmProfileBuilder::toProfile).toList();
    } catch (HnvException e) {
      throw e;
    } catch (RuntimeException e) {
      throw NmErrors.toDomain("reading profiles", e);
    }
  }

  @Override
  public synchronized ApplyReport apply(Plan plan) {
    if (plan.isEmpty()) {
      return ApplyReport.nothing();
    }
    ApplyReport r = new NmTransaction(client(), kernel, sysfs, timeouts, hook, records).run(plan.actions());
    LOG.debug("applied {} actions with {} profile writes", r.applied().size(), r.writes());
    return r;
  }

  /** Test seam: called before each profile write. */
  void writeHook(NmWriteHook h) {
    this.hook = h == null ? NmWriteHook.NONE : h;
  }

  @Override
  public synchronized void close() {
    client.close();
  }
}
