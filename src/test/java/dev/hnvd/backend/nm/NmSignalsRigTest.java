package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.backend.nm.dbus.NmDevice;
import dev.hnvd.backend.nm.dbus.NmManager;
import dev.hnvd.rig.NmRig;
import dev.hnvd.rig.NmRigExtension;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The typed signal classes match what NetworkManager sends (dbus-java drops a mismatch with only a
 * warning, so this is worth a real check).
 */
@Tag("rig")
@ExtendWith(NmRigExtension.class)
class NmSignalsRigTest {

  @Test
  void newInterface_deliversDeviceAddedAndDeviceStateChanged(NmRig rig) throws Exception {
    BlockingQueue<String> added = new LinkedBlockingQueue<>();
    BlockingQueue<Integer> states = new LinkedBlockingQueue<>();
    try (DBusConnection bus = DBusConnectionBuilder.forAddress(rig.busAddress()).withShared(false).build()) {
      bus.addSigHandler(NmManager.DeviceAdded.class, s -> added.add(s.device().getPath()));
      bus.addSigHandler(NmDevice.StateChanged.class, s -> states.add(s.newState()));
      String name = "hs" + (System.nanoTime() % 10000);

      rig.exec("ip", "link", "add", name, "type", "veth", "peer", "name", name + "-p");
      try {
        // Bounded waits for events, not timing assertions: generous on a loaded machine.
        assertThat(added.poll(20, TimeUnit.SECONDS)).startsWith("/org/freedesktop/NetworkManager/Devices/");
        assertThat(states.poll(20, TimeUnit.SECONDS)).isNotNull();
      } finally {
        rig.exec("ip", "link", "del", name);
      }
    }
  }
}
