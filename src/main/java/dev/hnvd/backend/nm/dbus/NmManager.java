package dev.hnvd.backend.nm.dbus;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/** {@code org.freedesktop.NetworkManager} at {@code /org/freedesktop/NetworkManager}. */
@DBusInterfaceName("org.freedesktop.NetworkManager")
public interface NmManager extends DBusInterface {
  String BUS_NAME = "org.freedesktop.NetworkManager";
  String PATH = "/org/freedesktop/NetworkManager";

  DBusPath GetDeviceByIpIface(String iface);

  DBusPath ActivateConnection(DBusPath connection, DBusPath device, DBusPath specificObject);

  void DeactivateConnection(DBusPath activeConnection);

  DBusPath CheckpointCreate(List<DBusPath> devices, UInt32 rollbackTimeout, UInt32 flags);

  Map<String, UInt32> CheckpointRollback(DBusPath checkpoint);

  void CheckpointDestroy(DBusPath checkpoint);

  void CheckpointAdjustRollbackTimeout(DBusPath checkpoint, UInt32 addTimeout);

  /** DeviceAdded(o): e.g. a VF appeared after hotplug. */
  final class DeviceAdded extends DBusSignal {
    private final DBusPath device;

    public DeviceAdded(String path, DBusPath device) throws DBusException {
      super(path, device);
      this.device = device;
    }

    public DBusPath device() {
      return device;
    }
  }

  /** DeviceRemoved(o). */
  final class DeviceRemoved extends DBusSignal {
    private final DBusPath device;

    public DeviceRemoved(String path, DBusPath device) throws DBusException {
      super(path, device);
      this.device = device;
    }

    public DBusPath device() {
      return device;
    }
  }
}
