package dev.hnvd.backend;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** The one call of {@code org.freedesktop.systemd1.Manager} we need (public for dbus-java's proxy). */
@DBusInterfaceName("org.freedesktop.systemd1.Manager")
public interface Systemd1Manager extends DBusInterface {

  /** Loads (if needed) and returns the object path of a unit, following aliases. */
  DBusPath LoadUnit(String name);
}
