package dev.hnvd.backend.nm.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** {@code org.freedesktop.NetworkManager.Checkpoint}; read through Properties (Devices, Created). */
@DBusInterfaceName("org.freedesktop.NetworkManager.Checkpoint")
public interface NmCheckpoint extends DBusInterface {
  String INTERFACE = "org.freedesktop.NetworkManager.Checkpoint";
}
