package org.freedesktop.NetworkManager.Settings.Connection;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.Settings.Connection.InvalidSetting}: a setting is unknown or inconsistent. */
public final class InvalidSetting extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public InvalidSetting(String message) {
    super(message);
  }
}
