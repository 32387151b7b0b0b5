package org.freedesktop.NetworkManager.Settings;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.Settings.UuidExists}: a profile with that UUID already exists. */
public final class UuidExists extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public UuidExists(String message) {
    super(message);
  }
}
