package dev.hnvd.backend;

import dev.hnvd.model.HnvException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/**
 * {@link UnitStates} over the system bus ({@code org.freedesktop.systemd1}), instead of running
 * {@code systemctl}: {@code Manager.LoadUnit} then the unit's {@code Id}, {@code LoadState} and
 * {@code ActiveState} properties. The bus address comes from {@code DBUS_SYSTEM_BUS_ADDRESS} when
 * set (dbus-java's system-bus builder honours it).
 */
public final class SystemdUnits implements UnitStates, AutoCloseable {
  private static final String BUS_NAME = "org.freedesktop.systemd1";
  private static final String UNIT_IFACE = "org.freedesktop.systemd1.Unit";

  private final DBusConnection bus;

  private SystemdUnits(DBusConnection bus) {
    this.bus = bus;
  }

  /** Connects a private (non-shared) connection to the system bus. */
  public static SystemdUnits onSystemBus() {
    String env = System.getenv("DBUS_SYSTEM_BUS_ADDRESS");
    failFastIfNoSocket(env == null || env.isBlank() ? "unix:path=/var/run/dbus/system_bus_socket" : env);
    try {
      return new SystemdUnits(DBusConnectionBuilder.forSystemBus().withShared(false).build());
    } catch (DBusException | RuntimeException e) {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "cannot reach systemd on the system bus: " + e.getMessage(), e);
    }
  }

  /** Connects to a bus at a D-Bus address such as {@code unix:path=/run/x/bus} (rigs). */
  public static SystemdUnits onBus(String address) {
    failFastIfNoSocket(address);
    try {
      return new SystemdUnits(DBusConnectionBuilder.forAddress(address).withShared(false).build());
    } catch (DBusException | RuntimeException e) {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "cannot reach systemd at " + address + ": " + e.getMessage(), e);
    }
  }

  /**
   * dbus-java retries a missing socket for about ten seconds; a machine without a system bus
   * should get its answer at once.
   */
  private static void failFastIfNoSocket(String address) {
    for (String part : address.split(";")) {
      if (part.startsWith("unix:path=")) {
        String path = part.substring("unix:path=".length()).split(",")[0];
        if (!Files.exists(Path.of(path))) {
          throw new HnvException(HnvException.Kind.UNREACHABLE, "no D-Bus socket at " + path + " (systemd not running?)");
        }
      }
    }
  }

  @Override
  public Unit load(String name) {
    try {
      Systemd1Manager manager = bus.getRemoteObject(BUS_NAME, "/org/freedesktop/systemd1", Systemd1Manager.class);
      DBusPath path = manager.LoadUnit(name);
      Properties props = bus.getRemoteObject(BUS_NAME, path.getPath(), Properties.class);
      return new Unit(name, string(props, "Id"), string(props, "LoadState"), string(props, "ActiveState"));
    } catch (DBusException | DBusExecutionException e) {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "systemd did not answer about " + name + ": " + e.getMessage(), e);
    }
  }

  private static String string(Properties props, String property) {
    Object value = props.Get(UNIT_IFACE, property);
    if (value instanceof Variant<?> v) {
      value = v.getValue();
    }
    return value == null ? "" : value.toString();
  }

  @Override
  public void close() {
    try {
      bus.close();
    } catch (IOException e) {
      // Closing a dead connection has nothing left to release.
    }
  }
}
