package org.freedesktop.NetworkManager.Settings;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.Settings.InvalidArguments}: bad flags or arguments to AddConnection2. */
public final class InvalidArguments extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public InvalidArguments(String message) {
    super(message);
  }
}
