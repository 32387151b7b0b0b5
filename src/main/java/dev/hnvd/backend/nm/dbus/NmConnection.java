package dev.hnvd.backend.nm.dbus;

import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** {@code org.freedesktop.NetworkManager.Settings.Connection}: one stored profile. */
@DBusInterfaceName("org.freedesktop.NetworkManager.Settings.Connection")
public interface NmConnection extends DBusInterface {

  Map<String, Map<String, Variant<?>>> GetSettings();

  /** Replaces the WHOLE profile (since 1.12). */
  Map<String, Variant<?>> Update2(
      Map<String, Map<String, Variant<?>>> settings, UInt32 flags, Map<String, Variant<?>> args);

  void Delete();

  /** The profile changed (any writer, us included). */
  final class Updated extends DBusSignal {
    public Updated(String path) throws DBusException {
      super(path);
    }
  }

  /** The profile was deleted. */
  final class Removed extends DBusSignal {
    public Removed(String path) throws DBusException {
      super(path);
    }
  }
}
