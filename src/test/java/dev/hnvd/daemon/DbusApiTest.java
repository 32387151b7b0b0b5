package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import dev.hnvd.testing.PrivateBus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev.hnvd.Hnvd1 API and the NetworkManager event subscriptions, on a private dbus-daemon. */
@Tag("rig")
class DbusApiTest {
  @TempDir static Path busDir;
  static PrivateBus bus;

  @TempDir Path dir;
  Recorder rec = new Recorder();
  Daemon daemon;
  DBusConnection client;

  /** Echoes what it was asked, so each D-Bus method shows which command it became. */
  static final class Echo implements CommandRunner {
    @Override
    public boolean mutating(Wire.Request r) {
      return !r.argv0().equals("hcnqrydev");
    }

    @Override
    public Wire.Reply run(Wire.Request r) {
      String out = "[INFO]:" + r.argv0() + " " + String.join(" ", r.args()) + "\n";
      return Wire.Reply.ran(r.argv0().equals("hcnrmhcn") ? 1 : 0, out.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }
  }

  @BeforeAll
  static void startBus() {
    bus = PrivateBus.start(busDir);
  }

  @AfterAll
  static void stopBus() {
    if (bus != null) {
      bus.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    daemon = TestDaemons.daemon(lpar, rec.backends(), new Echo(), bus.address(), Notifier.NONE);
    daemon.start();
    Eventually.until("API and events on the bus", () -> daemon.busConnected());
    client = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build();
    // The API owns its name once the object is exported.
    Eventually.until("name owned", () -> client.getDBusOwnerName(Hnvd1.BUS_NAME) != null);
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    daemon.close();
  }

  private Hnvd1 api() throws Exception {
    return client.getRemoteObject(Hnvd1.BUS_NAME, Hnvd1.OBJECT_PATH, Hnvd1.class);
  }

  /** The backend borrows the very connection our API and NM's signals are on: one per daemon. */
  @Test
  void busConnection_isTheOneTheApiIsOn() throws Exception {
    DBusConnection shared = daemon.busConnection();
    assertThat(shared.isConnected()).isTrue();
    assertThat(client.getDBusOwnerName(Hnvd1.BUS_NAME)).isEqualTo(shared.getUniqueName());
    assertThat(daemon.busConnection()).isSameAs(shared);
  }

  @Test
  void methods_becomeTheMatchingCommands() throws Exception {
    Hnvd1 api = api();
    Hnvd1.Outcome<Integer, String> q = api.Query("20000011", "1a2b");
    assertThat(q.getExitCode()).isEqualTo(0);
    assertThat(q.getOutput()).isEqualTo("[INFO]:hcnqrydev DRC_INDEX=20000011 HCN_ID=1a2b\n");
    assertThat(api.Configure("20000011").getOutput()).isEqualTo("[INFO]:hcncfgdrc DRC_INDEX=20000011\n");
    assertThat(api.RemoveDevice("20000011", "1a2b").getOutput())
        .isEqualTo("[INFO]:hcnrmdev DRC_INDEX=20000011 HCN_ID=1a2b\n");
    Hnvd1.Outcome<Integer, String> rm = api.RemoveHnv("1a2b");
    assertThat(rm.getExitCode()).isEqualTo(1);
    assertThat(rm.getOutput()).isEqualTo("[INFO]:hcnrmhcn HCN_ID=1a2b\n");
    assertThat(api.Scan().getOutput()).isEqualTo("[INFO]:hcnmgr -s\n");
    // Status is not a command: the engine's report on the daemon's own LPAR (no HNV here).
    assertThat(api.Status()).isEqualTo("{\n  \"backend\": \"recording backend\",\n  \"hnvs\": []\n}\n");
  }

  @Test
  void wireSignature_isIntThenString_asDbusSendSeesIt() throws Exception {
    // dbus-send --address skips Hello; --system with the address in the environment registers.
    ProcessBuilder pb = new ProcessBuilder("dbus-send", "--system", "--print-reply", "--dest=" + Hnvd1.BUS_NAME,
        Hnvd1.OBJECT_PATH, "dev.hnvd.Hnvd1.Query", "string:20000011", "string:1a2b").redirectErrorStream(true);
    pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", bus.address());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(out).containsSubsequence("int32 0", "string \"[INFO]:hcnqrydev DRC_INDEX=20000011 HCN_ID=1a2b");
  }

  @Test
  void nmAppearing_thenDeviceAdded_andSettledState_eachCauseAReplan() throws Exception {
    String dev = "/org/freedesktop/NetworkManager/Devices/7";
    client.exportObject(dev, new FakeNm.DeviceObject(dev, "enP1p1s0"));
    int before = daemon.replans();
    client.requestBusName("org.freedesktop.NetworkManager");
    Eventually.until("replan after NetworkManager started", () -> daemon.replans() > before
        && daemon.lastReplanReason().contains("NetworkManager started"));

    int afterStart = daemon.replans();
    client.sendMessage(new FakeNm.Manager.DeviceAdded("/org/freedesktop/NetworkManager", new DBusPath(dev)));
    Eventually.until("replan after DeviceAdded", () -> daemon.replans() > afterStart
        && daemon.lastReplanReason().contains("device added enP1p1s0"));

    int afterAdd = daemon.replans();
    client.sendMessage(new FakeNm.Device.StateChanged(dev, new UInt32(100), new UInt32(90), new UInt32(0)));
    Eventually.until("replan after activated", () -> daemon.replans() > afterAdd
        && daemon.lastReplanReason().contains("device enP1p1s0 state 100"));

    int afterState = daemon.replans();
    client.sendMessage(new FakeNm.Manager.DeviceRemoved("/org/freedesktop/NetworkManager", new DBusPath(dev)));
    Eventually.until("replan after DeviceRemoved", () -> daemon.replans() > afterState
        && daemon.lastReplanReason().contains("device removed enP1p1s0"));
  }

  @Test
  void secondDaemon_cannotOwnTheName_stillServesItsSocket() throws Exception {
    FakeLpar other = FakeLpar.in(dir.resolve("other")).powervm();
    Daemon second = TestDaemons.daemon(other, rec.backends(), new Echo(), bus.address(), Notifier.NONE);
    try {
      second.start();
      Eventually.until("second on the bus", second::busConnected);
      Wire.Reply r = second.handle(new Wire.Request("hcnqrydev", List.of("DRC_INDEX=1", "HCN_ID=2"), Map.of()));
      assertThat(r.exit()).isZero();
      // The first daemon still answers the name.
      assertThat(api().Query("1", "2").getOutput()).isEqualTo("[INFO]:hcnqrydev DRC_INDEX=1 HCN_ID=2\n");
    } finally {
      second.close();
    }
  }
}
