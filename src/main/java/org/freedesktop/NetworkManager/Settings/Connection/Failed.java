package org.freedesktop.NetworkManager.Settings.Connection;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.Settings.Connection.Failed}: generic profile failure, e.g. a user.data key without a namespace dot. */
public final class Failed extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public Failed(String message) {
    super(message);
  }
}
