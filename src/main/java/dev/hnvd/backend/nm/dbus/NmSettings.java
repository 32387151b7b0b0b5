package dev.hnvd.backend.nm.dbus;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** {@code org.freedesktop.NetworkManager.Settings} at {@code /org/freedesktop/NetworkManager/Settings}. */
@DBusInterfaceName("org.freedesktop.NetworkManager.Settings")
public interface NmSettings extends DBusInterface {
  String PATH = "/org/freedesktop/NetworkManager/Settings";

  List<DBusPath> ListConnections();

  DBusPath GetConnectionByUuid(String uuid);

  /** Since 1.20: one call creates the complete profile. */
  PathAndResult<DBusPath, Map<String, Variant<?>>> AddConnection2(
      Map<String, Map<String, Variant<?>>> settings, UInt32 flags, Map<String, Variant<?>> args);
}
