package org.freedesktop.NetworkManager.Settings.Connection;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.Settings.Connection.MissingProperty}: a required property is missing. */
public final class MissingProperty extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public MissingProperty(String message) {
    super(message);
  }
}
