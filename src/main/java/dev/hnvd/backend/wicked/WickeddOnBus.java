package dev.hnvd.backend.wicked;

import dev.hnvd.model.HnvException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;

/**
 * "Does wickedd own {@code org.opensuse.Network} on the system bus?", asked over a short-lived
 * private connection (the question comes once per apply, where systemd cannot answer).
 */
public final class WickeddOnBus implements BooleanSupplier {
  static final String WICKEDD = "org.opensuse.Network";

  private final String address;

  /** @param address a D-Bus address, or null/blank for the system bus's default */
  public WickeddOnBus(String address) {
    this.address = address == null || address.isBlank() ? null : address;
  }

  @Override
  public boolean getAsBoolean() {
    String where = address != null ? address
        : System.getenv().getOrDefault("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/var/run/dbus/system_bus_socket");
    for (String part : where.split(";")) {
      if (part.startsWith("unix:path=") && !Files.exists(Path.of(part.substring(10).split(",")[0]))) {
        return false; // no bus at all: nothing can be running on it
      }
    }
    try (DBusConnection bus = address == null
        ? DBusConnectionBuilder.forSystemBus().withShared(false).build()
        : DBusConnectionBuilder.forAddress(address).withShared(false).build()) {
      DBus dbus = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
      return dbus.NameHasOwner(WICKEDD);
    } catch (DBusException | IOException | RuntimeException e) {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "cannot ask the system bus for wickedd: " + e.getMessage(), e);
    }
  }
}
