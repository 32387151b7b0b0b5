package dev.hnvd.daemon;

import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** The few NetworkManager signals and one device object, as a test plays NetworkManager on a private bus. */
final class FakeNm {
  private FakeNm() {}

  /** org.freedesktop.NetworkManager signals. */
  @DBusInterfaceName("org.freedesktop.NetworkManager")
  public interface Manager extends DBusInterface {
    /** DeviceAdded(o). */
    class DeviceAdded extends DBusSignal {
      public final DBusPath device;

      public DeviceAdded(String path, DBusPath device) throws DBusException {
        super(path, device);
        this.device = device;
      }
    }

    /** DeviceRemoved(o). */
    class DeviceRemoved extends DBusSignal {
      public final DBusPath device;

      public DeviceRemoved(String path, DBusPath device) throws DBusException {
        super(path, device);
        this.device = device;
      }
    }
  }

  /** org.freedesktop.NetworkManager.Device signals. */
  @DBusInterfaceName("org.freedesktop.NetworkManager.Device")
  public interface Device extends DBusInterface {
    /** StateChanged(u new, u old, u reason). */
    class StateChanged extends DBusSignal {
      public final UInt32 newState;
      public final UInt32 oldState;
      public final UInt32 reason;

      public StateChanged(String path, UInt32 newState, UInt32 oldState, UInt32 reason) throws DBusException {
        super(path, newState, oldState, reason);
        this.newState = newState;
        this.oldState = oldState;
        this.reason = reason;
      }
    }
  }

  /** A device object answering Properties.Get(Device, "Interface"). */
  static final class DeviceObject implements Properties {
    private final String path;
    private final String ifname;

    DeviceObject(String path, String ifname) {
      this.path = path;
      this.ifname = ifname;
    }

    @Override
    public String getObjectPath() {
      return path;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String iface, String name) {
      return (A) ifname;
    }

    @Override
    public <A> void Set(String iface, String name, A value) {}

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      return Map.of("Interface", new Variant<>(ifname));
    }
  }
}
