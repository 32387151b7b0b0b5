package org.freedesktop.NetworkManager.Settings;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.Settings.Failed}: generic settings failure. */
public final class Failed extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public Failed(String message) {
    super(message);
  }
}
