package org.freedesktop.NetworkManager.Device;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.Device.CreationFailed}: a software device (bond) could not be created, e.g. the kernel lacks bonding. */
public final class CreationFailed extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public CreationFailed(String message) {
    super(message);
  }
}
