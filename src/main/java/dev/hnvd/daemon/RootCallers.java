package dev.hnvd.daemon;

import java.util.function.Predicate;
import java.util.function.Supplier;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a D-Bus caller (by unique name) runs as root, asked of the bus itself
 * (GetConnectionUnixUser): the daemon's own check behind the policy file, for the methods that
 * change the network. A policy an administrator widened, or a bus without ours, must not let
 * another user reconfigure bonds. Any doubt (the bus does not answer) refuses.
 */
final class RootCallers implements Predicate<String> {
  private static final Logger log = LoggerFactory.getLogger(RootCallers.class);
  private final Supplier<DBusConnection> bus;

  RootCallers(Supplier<DBusConnection> bus) {
    this.bus = bus;
  }

  @Override
  public boolean test(String sender) {
    try {
      DBus dbus = bus.get().getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
      return dbus.GetConnectionUnixUser(sender).longValue() == 0;
    } catch (DBusException | RuntimeException e) {
      log.warn("cannot tell who {} is ({}), refusing its change", sender, e.toString());
      return false;
    }
  }
}
