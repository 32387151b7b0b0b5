package dev.hnvd.backend.nm.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** {@code org.freedesktop.NetworkManager.Device}; read through Properties (State, Interface). */
@DBusInterfaceName("org.freedesktop.NetworkManager.Device")
public interface NmDevice extends DBusInterface {
  String INTERFACE = "org.freedesktop.NetworkManager.Device";
}
