package org.freedesktop.NetworkManager;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.UnknownDevice}: no device with that interface name. */
public final class UnknownDevice extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public UnknownDevice(String message) {
    super(message);
  }
}
