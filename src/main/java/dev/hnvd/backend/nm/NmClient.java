package dev.hnvd.backend.nm;

import dev.hnvd.backend.nm.dbus.NmActiveConnection;
import dev.hnvd.backend.nm.dbus.NmConnection;
import dev.hnvd.backend.nm.dbus.NmManager;
import dev.hnvd.backend.nm.dbus.NmSettings;
import dev.hnvd.model.HnvException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.NetworkManager.UnknownConnection;
import org.freedesktop.NetworkManager.UnknownDevice;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.errors.UnknownMethod;
import org.freedesktop.dbus.errors.UnknownObject;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.MethodCall;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NetworkManager's D-Bus API as we call it: typed proxies on a connection of its own (built by
 * {@link NmBusConnector}) or the daemon's one connection borrowed ({@link #over}). What it hears by
 * signal and the waiting on it are {@link NmSignals}; the profile settings it keeps between calls
 * are {@link NmProfileCache}. Profiles are addressed by UUID and resolved to object paths on every
 * call, so an NM restart (new paths) needs no invalidation. Raw D-Bus errors pass through;
 * {@link NmErrors} maps them at the boundary.
 */
final class NmClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NmClient.class);
  private static final String NM = NmManager.BUS_NAME;
  private static final Duration STARTUP_GRACE = Duration.ofSeconds(2);

  private final DBusConnection bus;
  private final NmManager manager;
  private final NmSettings settings;
  private final NmVersion version;
  private final DBus dbus;
  private final AtomicBoolean disconnected;
  private final NmProfileCache profileCache;
  private final NmSignals signals;
  /** Whether close() ends the connection (ours) or only unsubscribes (borrowed, see {@link #over}). */
  private final boolean owned;

  private NmClient(DBusConnection bus, AtomicBoolean disconnected, boolean cacheProfiles, boolean owned)
      throws DBusException {
    this.bus = bus;
    this.disconnected = disconnected;
    this.profileCache = new NmProfileCache(cacheProfiles);
    this.owned = owned;
    this.manager = bus.getRemoteObject(NM, NmManager.PATH, NmManager.class);
    this.settings = bus.getRemoteObject(NM, NmSettings.PATH, NmSettings.class);
    this.signals = new NmSignals(bus, present -> profileCache.clear(),
        cacheProfiles ? profileCache::drop : null);
    // A client that fails half-way leaves no subscriptions behind on a connection it does not own.
    try {
      this.dbus = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
      if (!dbus.NameHasOwner(NM)) {
        throw new HnvException(HnvException.Kind.UNREACHABLE,
            "NetworkManager is not running (no owner of " + NM + " on the system bus)");
      }
      this.version = NmVersion.parse(prop(NmManager.PATH, NM, "Version"));
    } catch (DBusException | RuntimeException e) {
      signals.unsubscribe();
      throw e;
    }
  }

  /**
   * A client on a connection someone else owns (the daemon's one system-bus connection): close()
   * then only undoes this client's subscriptions. When that connection dies, {@link #usable()}
   * says so and the owner makes a new one.
   */
  static NmClient over(DBusConnection bus, Duration callTimeout, boolean cacheProfiles) {
    MethodCall.setDefaultTimeout(callTimeout.toMillis());
    try {
      return new NmClient(bus, new AtomicBoolean(), cacheProfiles, false);
    } catch (DBusException | DBusExecutionException e) {
      throw new HnvException(HnvException.Kind.UNREACHABLE,
          "system D-Bus or NetworkManager not reachable: " + NmErrors.text(e), e);
    }
  }

  /**
   * Opens a private system-bus connection ({@code DBUS_SYSTEM_BUS_ADDRESS} is honoured). Every
   * method call gets {@code callTimeout}: dbus-java's reply timeout is one global static.
   */
  static NmClient open(Optional<String> address, Duration callTimeout, Runnable onDisconnect) {
    return open(address, callTimeout, onDisconnect, false);
  }

  /**
   * Like {@link #open(Optional, Duration, Runnable)}; with {@code cacheProfiles}, profile settings
   * are cached for the life of the connection (see {@link #allSettings()}): for a connection that
   * serves many commands, the daemon's.
   */
  static NmClient open(Optional<String> address, Duration callTimeout, Runnable onDisconnect,
      boolean cacheProfiles) {
    MethodCall.setDefaultTimeout(callTimeout.toMillis());
    DBusConnection bus = null;
    AtomicBoolean lost = new AtomicBoolean();
    try {
      bus = NmBusConnector.connect(address, callTimeout, () -> {
        lost.set(true);
        onDisconnect.run();
      });
      return new NmClient(bus, lost, cacheProfiles, true);
    } catch (DBusException | DBusExecutionException e) {
      NmBusConnector.closeQuietly(bus);
      throw new HnvException(HnvException.Kind.UNREACHABLE,
          "system D-Bus or NetworkManager not reachable: " + NmErrors.text(e), e);
    } catch (RuntimeException e) {
      NmBusConnector.closeQuietly(bus);
      throw e;
    }
  }

  NmVersion version() {
    return version;
  }

  long generation() {
    return signals.generation();
  }

  boolean usable() {
    return bus.isConnected() && !disconnected.get();
  }

  /** Waits (bounded) until NetworkManager owns its bus name again; true if it does. */
  boolean awaitNm(Duration timeout) {
    // Ask the bus daemon, not only our flag: the "left" signal may still be in flight.
    boolean owned = signals.await(timeout, () -> {
      try {
        return dbus.NameHasOwner(NM);
      } catch (RuntimeException e) {
        return false;
      }
    });
    if (owned) {
      // A freshly started NM owns its name before it has loaded everything: give it a moment to
      // report Startup=false, but never long (Startup also waits for slow DHCP on other devices).
      signals.await(STARTUP_GRACE, () -> {
        try {
          return Boolean.FALSE.equals(prop(NmManager.PATH, NM, "Startup"));
        } catch (RuntimeException e) {
          return false;
        }
      });
    }
    return owned;
  }

  /**
   * Every profile's settings, skipping ones deleted while we list. When caching, unchanged profiles
   * come from the cache: a change made by someone else in the same instant may be seen on the next
   * call only (its signal and our reply travel on different dbus-java threads). What we write is
   * never based on the cache: see {@link #forget(Collection)}.
   */
  List<NmConnectionSettings> allSettings() {
    return profileCache.all(settings.ListConnections(), p -> {
      try {
        return Optional.of(NmConnectionSettings.of(connection(p).GetSettings()));
      } catch (UnknownObject | UnknownMethod | UnknownConnection e) {
        LOG.debug("profile {} vanished while listing, ignoring", p);
        return Optional.empty();
      }
    });
  }

  /** Drops the cached settings of these profiles (by UUID); the next read asks NetworkManager. */
  void forget(Collection<String> uuids) {
    profileCache.forget(uuids);
  }

  Optional<NmConnectionSettings> settings(String uuid) {
    return path(uuid).map(p -> NmConnectionSettings.of(connection(p).GetSettings()));
  }

  void add(NmConnectionSettings s, int flags) {
    settings.AddConnection2(s.groups(), new UInt32(flags), Map.of());
  }

  void update(String uuid, NmConnectionSettings s, int flags) {
    DBusPath p = require(uuid);
    profileCache.drop(p.getPath());
    connection(p).Update2(s.groups(), new UInt32(flags), Map.of());
  }

  void delete(String uuid) {
    DBusPath p = require(uuid);
    profileCache.drop(p.getPath());
    connection(p).Delete();
  }

  Optional<DBusPath> path(String uuid) {
    try {
      return Optional.of(settings.GetConnectionByUuid(uuid));
    } catch (UnknownConnection e) {
      return Optional.empty();
    } catch (DBusExecutionException e) {
      // Older NM answers with Settings.InvalidConnection for an unknown UUID.
      if (NmErrors.name(e).endsWith("InvalidConnection")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  Optional<DBusPath> device(String iface) {
    try {
      return Optional.of(manager.GetDeviceByIpIface(iface));
    } catch (UnknownDevice e) {
      return Optional.empty();
    }
  }

  /** Queues the activation; the result is the Connection.Active path to wait on. */
  DBusPath activate(String uuid) {
    return manager.ActivateConnection(require(uuid), new DBusPath("/"), new DBusPath("/"));
  }

  /** The active connection of a profile, if NM has one (activating or activated). */
  Optional<DBusPath> activeFor(String uuid) {
    List<DBusPath> actives = prop(NmManager.PATH, NM, "ActiveConnections");
    for (DBusPath a : actives) {
      try {
        if (uuid.equals(prop(a.getPath(), NmActiveConnection.INTERFACE, "Uuid"))) {
          return Optional.of(a);
        }
      } catch (UnknownObject | UnknownMethod e) {
        // deactivated while we looked
      }
    }
    return Optional.empty();
  }

  /**
   * Waits until the activation is activated or has failed, bounded by {@code timeout}: NM answers
   * ActivateConnection when the request is queued. Returns the last state seen.
   */
  int awaitActivation(DBusPath active, Duration timeout) {
    return awaitActivation(active, timeout, () -> false);
  }

  /**
   * Like {@link #awaitActivation(DBusPath, Duration)}, but also stops waiting once {@code reached}
   * holds (e.g. the kernel already shows the bond: a bond with DHCP stays "activating" until its
   * ports are enslaved, so waiting for "activated" before adding ports would deadlock).
   */
  int awaitActivation(DBusPath active, Duration timeout, java.util.function.BooleanSupplier reached) {
    int[] last = {NmActiveConnection.STATE_UNKNOWN};
    signals.watch(active.getPath());
    try {
      // A signal sent before we watched is covered by reading the State property in the loop.
      signals.await(timeout, () -> {
        last[0] = activeState(active);
        return last[0] == NmActiveConnection.STATE_ACTIVATED
            || last[0] >= NmActiveConnection.STATE_DEACTIVATING
            || reached.getAsBoolean();
      });
      return last[0];
    } finally {
      signals.unwatch(active.getPath());
    }
  }

  private int activeState(DBusPath active) {
    Integer signalled = signals.signalledState(active.getPath());
    if (signalled != null && signalled >= NmActiveConnection.STATE_DEACTIVATING) {
      return signalled;
    }
    try {
      UInt32 s = prop(active.getPath(), NmActiveConnection.INTERFACE, "State");
      return s.intValue();
    } catch (UnknownObject | UnknownMethod e) {
      // NM removes an active connection object once it is deactivated.
      return NmActiveConnection.STATE_DEACTIVATED;
    }
  }

  DBusPath checkpointCreate(List<DBusPath> devices, int rollbackTimeoutSeconds, int flags) {
    return manager.CheckpointCreate(devices, new UInt32(rollbackTimeoutSeconds), new UInt32(flags));
  }

  Map<String, UInt32> checkpointRollback(DBusPath checkpoint) {
    try {
      return manager.CheckpointRollback(checkpoint);
    } finally {
      profileCache.clear();
    }
  }

  void checkpointDestroy(DBusPath checkpoint) {
    manager.CheckpointDestroy(checkpoint);
  }

  /** The checkpoints NetworkManager holds now (its {@code Checkpoints} property), as paths. */
  List<String> checkpoints() {
    Object v = prop(NmManager.PATH, NM, "Checkpoints");
    List<String> out = new ArrayList<>();
    Iterable<?> items = v instanceof Object[] a ? java.util.Arrays.asList(a) : (Iterable<?>) v;
    for (Object o : items) {
      out.add(o instanceof DBusPath p ? p.getPath() : String.valueOf(o));
    }
    return out;
  }

  /** NetworkManager's unique bus name: differs after every NM restart, unlike checkpoint paths. */
  String nmOwner() {
    return dbus.GetNameOwner(NM);
  }

  void checkpointAdjust(DBusPath checkpoint, int addSeconds) {
    manager.CheckpointAdjustRollbackTimeout(checkpoint, new UInt32(addSeconds));
  }

  private DBusPath require(String uuid) {
    return path(uuid).orElseThrow(() -> new UnknownConnection("no profile with UUID " + uuid));
  }

  private NmConnection connection(DBusPath p) {
    try {
      return bus.getRemoteObject(NM, p.getPath(), NmConnection.class);
    } catch (DBusException e) {
      throw new DBusExecutionException("cannot create proxy for " + p + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T prop(String path, String iface, String name) {
    try {
      Properties p = bus.getRemoteObject(NM, path, Properties.class);
      Object v = p.Get(iface, name);
      return (T) (v instanceof Variant<?> var ? var.getValue() : v);
    } catch (DBusException e) {
      throw new DBusExecutionException("cannot read " + name + " of " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (owned) {
      NmBusConnector.closeQuietly(bus);
    } else {
      signals.unsubscribe();
    }
  }
}
