package dev.hnvd.daemon;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NetworkManager's signals that mean "the HNV picture may have changed": DeviceAdded/Removed
 * (hotplug, e.g. the new VF after a migration), a device settling in a new state, and NM itself
 * (re)appearing on the bus. Handlers never block: they name the event in the log and ask the
 * {@link Replanner} for a replan. Device names are looked up on the link's own thread.
 */
final class NmEvents {
  private static final Logger log = LoggerFactory.getLogger(NmEvents.class);
  static final String NM = "org.freedesktop.NetworkManager";
  static final String NM_DEVICE = "org.freedesktop.NetworkManager.Device";

  /**
   * NM_DEVICE_STATE values where a device has settled (unmanaged, unavailable, disconnected,
   * activated, failed); the transient ones in between would only cause replans that find nothing.
   */
  static final Set<Long> SETTLED = Set.of(10L, 20L, 30L, 100L, 120L);

  private final Replanner replanner;
  private final Map<String, String> ifnames = new ConcurrentHashMap<>();
  private BusLink link;

  NmEvents(Replanner replanner) {
    this.replanner = replanner;
  }

  void attach(BusLink l) {
    this.link = l;
  }

  /** Subscribes on a new connection of the daemon's link (part of its setup). */
  void on(DBusConnection c) throws DBusException {
    c.addGenericSigHandler(DBusMatchRuleBuilder.create().withType("signal").withInterface(NM)
        .withMember("DeviceAdded").build(), s -> device(c, s, true));
    c.addGenericSigHandler(DBusMatchRuleBuilder.create().withType("signal").withInterface(NM)
        .withMember("DeviceRemoved").build(), s -> device(c, s, false));
    c.addGenericSigHandler(DBusMatchRuleBuilder.create().withType("signal").withInterface(NM_DEVICE)
        .withMember("StateChanged").build(), this::stateChanged);
    c.addSigHandler(DBus.NameOwnerChanged.class, this::ownerChanged);
    // Whatever happened while we were not listening (startup, reconnect) is caught by one replan.
    replanner.request("listening to NetworkManager");
  }

  private void device(DBusConnection c, DBusSignal s, boolean added) {
    String path = firstPath(s);
    if (added) {
      // The name needs a D-Bus call, which a signal handler must not make: do it off this thread.
      BusLink l = link;
      Runnable lookup = () -> {
        String name = lookupIfname(c, path);
        if (name != null) {
          ifnames.put(path, name);
        }
        log.info("device added {}", name != null ? name : path);
        replanner.request("device added " + (name != null ? name : path));
      };
      if (l != null) {
        l.execute(lookup);
      } else {
        lookup.run();
      }
    } else {
      String name = ifnames.remove(path);
      log.info("device removed {}", name != null ? name : path);
      replanner.request("device removed " + (name != null ? name : path));
    }
  }

  private void stateChanged(DBusSignal s) {
    try {
      Object[] p = s.getParameters();
      long now = p.length > 0 && p[0] instanceof UInt32 u ? u.longValue() : -1;
      if (SETTLED.contains(now)) {
        String name = ifnames.getOrDefault(s.getPath(), s.getPath());
        log.debug("device {} state {}", name, now);
        replanner.request("device " + name + " state " + now);
      }
    } catch (DBusException e) {
      log.debug("unreadable StateChanged, ignoring: {}", e.getMessage());
    }
  }

  private void ownerChanged(DBus.NameOwnerChanged s) {
    if (!NM.equals(s.name)) {
      return;
    }
    if (s.newOwner == null || s.newOwner.isEmpty()) {
      log.warn("NetworkManager left the bus; waiting for it to come back");
      return;
    }
    log.info("NetworkManager (re)started on the bus, replanning everything");
    ifnames.clear();
    replanner.request("NetworkManager started");
  }

  private static String firstPath(DBusSignal s) {
    try {
      Object[] p = s.getParameters();
      if (p.length > 0 && p[0] instanceof DBusPath dp) {
        return dp.getPath();
      }
      return p.length > 0 ? String.valueOf(p[0]) : s.getPath();
    } catch (DBusException e) {
      return s.getPath();
    }
  }

  private static String lookupIfname(DBusConnection c, String path) {
    try {
      Properties props = c.getRemoteObject(NM, path, Properties.class);
      Object v = props.Get(NM_DEVICE, "Interface");
      return v == null ? null : String.valueOf(v);
    } catch (DBusException | RuntimeException e) {
      log.debug("cannot read the interface of {}: {}", path, e.getMessage());
      return null;
    }
  }
}
