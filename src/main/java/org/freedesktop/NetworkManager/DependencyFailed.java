package org.freedesktop.NetworkManager;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error {@code org.freedesktop.NetworkManager.DependencyFailed}: a port's controller could not be activated. */
public final class DependencyFailed extends DBusExecutionException {
  private static final long serialVersionUID = 1L;

  public DependencyFailed(String message) {
    super(message);
  }
}
