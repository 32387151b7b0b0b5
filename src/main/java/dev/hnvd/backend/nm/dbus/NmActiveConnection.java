package dev.hnvd.backend.nm.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/** {@code org.freedesktop.NetworkManager.Connection.Active}: one activation in progress or done. */
@DBusInterfaceName("org.freedesktop.NetworkManager.Connection.Active")
public interface NmActiveConnection extends DBusInterface {
  String INTERFACE = "org.freedesktop.NetworkManager.Connection.Active";

  int STATE_UNKNOWN = 0;
  int STATE_ACTIVATING = 1;
  int STATE_ACTIVATED = 2;
  int STATE_DEACTIVATING = 3;
  int STATE_DEACTIVATED = 4;

  /** StateChanged(u state, u reason). */
  final class StateChanged extends DBusSignal {
    private final UInt32 state;
    private final UInt32 reason;

    public StateChanged(String path, UInt32 state, UInt32 reason) throws DBusException {
      super(path, state, reason);
      this.state = state;
      this.reason = reason;
    }

    public int state() {
      return state.intValue();
    }

    public int reason() {
      return reason.intValue();
    }
  }
}
