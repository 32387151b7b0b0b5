package org.freedesktop.NetworkManager.Settings.Connection;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.Settings.Connection.InvalidProperty}: a property is unknown or has the wrong type (strict parsing). */
public final class InvalidProperty extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public InvalidProperty(String message) {
    super(message);
  }
}
