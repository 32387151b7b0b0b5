package dev.hnvd.cli;

import dev.hnvd.daemon.Hnvd1;
import dev.hnvd.engine.Settings;
import dev.hnvd.model.HnvException;
import java.nio.file.Path;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;

/**
 * hnvctl's one way to the running daemon: its D-Bus API on the system bus (or the bus
 * DBUS_SYSTEM_BUS_ADDRESS names). Used for read-only calls and for listening to signals; the
 * policy lets root and the group hnvd-monitor do both.
 */
final class DaemonBus implements AutoCloseable {
  private final DBusConnection conn;

  private DaemonBus(DBusConnection conn) {
    this.conn = conn;
  }

  /**
   * Connects to the bus.
   *
   * @throws HnvException UNREACHABLE when there is no bus to connect to
   */
  static DaemonBus connect(Settings s) {
    try {
      DBusConnectionBuilder b = s.bus() == null || s.bus().isBlank()
          ? DBusConnectionBuilder.forSystemBus() : DBusConnectionBuilder.forAddress(s.bus());
      return new DaemonBus(b.withShared(false).build());
    } catch (DBusException | RuntimeException e) {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "system D-Bus not reachable: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the settings describe this machine (no --root, --device-tree or --sysfs elsewhere):
   * only then does the running daemon speak for what hnvctl was asked about.
   */
  static boolean describesThisMachine(Settings s) {
    return s.root().equals(Path.of("/")) && s.deviceTree() == null && s.sysfs() == null;
  }

  /**
   * Whether hnvd owns its name now. Asked first so that a call does not D-Bus-activate a daemon
   * the admin stopped.
   */
  boolean daemonRunning() {
    try {
      DBus dbus = conn.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
      return dbus.NameHasOwner(Hnvd1.BUS_NAME);
    } catch (DBusException | RuntimeException e) {
      return false;
    }
  }

  Hnvd1 api() {
    try {
      return conn.getRemoteObject(Hnvd1.BUS_NAME, Hnvd1.OBJECT_PATH, Hnvd1.class);
    } catch (DBusException e) {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "hnvd's D-Bus API: " + e.getMessage(), e);
    }
  }

  DBusConnection connection() {
    return conn;
  }

  @Override
  public void close() {
    conn.disconnect();
  }
}
