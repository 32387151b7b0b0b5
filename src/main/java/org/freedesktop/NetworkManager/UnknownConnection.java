package org.freedesktop.NetworkManager;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.UnknownConnection}: no such profile (for example, a stale object path). */
public final class UnknownConnection extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public UnknownConnection(String message) {
    super(message);
  }
}
