package org.freedesktop.NetworkManager;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.InvalidArguments}: bad arguments, also a device already held by another checkpoint or an unknown checkpoint. */
public final class InvalidArguments extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public InvalidArguments(String message) {
    super(message);
  }
}
