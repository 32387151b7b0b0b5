package org.freedesktop.NetworkManager.Settings;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.Settings.InvalidConnection}: the profile failed NetworkManager's validation. */
public final class InvalidConnection extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public InvalidConnection(String message) {
    super(message);
  }
}
