package org.freedesktop.NetworkManager;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.ConnectionActivationFailed}: activation refused. */
public final class ConnectionActivationFailed extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public ConnectionActivationFailed(String message) {
    super(message);
  }
}
