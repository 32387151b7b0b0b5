package dev.hnvd.backend.nm.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/** {@code org.freedesktop.NetworkManager.Device}; read through Properties (State, Interface). */
@DBusInterfaceName("org.freedesktop.NetworkManager.Device")
public interface NmDevice extends DBusInterface {
  String INTERFACE = "org.freedesktop.NetworkManager.Device";

  /** StateChanged(u new, u old, u reason). */
  final class StateChanged extends DBusSignal {
    private final UInt32 newState;
    private final UInt32 oldState;
    private final UInt32 reason;

    public StateChanged(String path, UInt32 newState, UInt32 oldState, UInt32 reason) throws DBusException {
      super(path, newState, oldState, reason);
      this.newState = newState;
      this.oldState = oldState;
      this.reason = reason;
    }

    public int newState() {
      return newState.intValue();
    }

    public int oldState() {
      return oldState.intValue();
    }

    public int reason() {
      return reason.intValue();
    }
  }
}
