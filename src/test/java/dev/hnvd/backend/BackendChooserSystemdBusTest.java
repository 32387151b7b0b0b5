package dev.hnvd.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.model.HnvException;
import dev.hnvd.testing.PrivateBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SystemdUnits} over a real private dbus-daemon, with a stand-in for systemd exported on it
 * ({@code org.freedesktop.systemd1}: {@code Manager.LoadUnit} resolving the network.service alias,
 * and the unit's properties). Needs {@code dbus-daemon}; outside CI it skips without one.
 */
class BackendChooserSystemdBusTest {
  private static final String UNIT_PATH = "/org/freedesktop/systemd1/unit/wicked_2eservice";

  @TempDir Path dir;
  private PrivateBus bus;
  private String address;
  private DBusConnection fakeSystemd;

  @BeforeEach
  void startBus() throws Exception {
    bus = PrivateBus.start(dir.resolve("bus"));
    address = bus.address();
    fakeSystemd = DBusConnectionBuilder.forAddress(address).withShared(false).build();
    fakeSystemd.requestBusName("org.freedesktop.systemd1");
    fakeSystemd.exportObject("/org/freedesktop/systemd1", new FakeManager());
    fakeSystemd.exportObject(UNIT_PATH, new FakeUnit());
  }

  @AfterEach
  void stopBus() throws IOException {
    if (fakeSystemd != null) {
      fakeSystemd.close();
    }
    if (bus != null) {
      bus.close();
    }
  }

  @Test
  void load_networkServiceAlias_resolvesToWickedWithItsState() {
    try (SystemdUnits units = SystemdUnits.onBus(address)) {
      UnitStates.Unit unit = units.load("network.service");
      assertThat(unit.id()).isEqualTo("wicked.service");
      assertThat(unit.loadState()).isEqualTo("loaded");
      assertThat(unit.active()).isTrue();
    }
  }

  @Test
  void chooser_slesOverTheBus_wicked() throws IOException {
    Files.createDirectories(dir.resolve("root/etc"));
    Files.writeString(dir.resolve("root/etc/os-release"), "ID=\"sles\"\n");
    try (SystemdUnits units = SystemdUnits.onBus(address)) {
      BackendChooser.Choice c = new BackendChooser(dir.resolve("root"), units).choose(Optional.empty());
      assertThat(c.kind()).isEqualTo(BackendChooser.Kind.WICKED);
    }
  }

  @Test
  void load_systemdErrors_unreachable() {
    try (SystemdUnits units = SystemdUnits.onBus(address)) {
      assertThatThrownBy(() -> units.load("broken.service"))
          .isInstanceOf(HnvException.class)
          .satisfies(e -> assertThat(((HnvException) e).kind()).isEqualTo(HnvException.Kind.UNREACHABLE));
    }
  }

  @Test
  void onBus_noDaemon_unreachable() {
    assertThatThrownBy(() -> SystemdUnits.onBus("unix:path=" + dir.resolve("missing")))
        .isInstanceOf(HnvException.class)
        .satisfies(e -> assertThat(((HnvException) e).kind()).isEqualTo(HnvException.Kind.UNREACHABLE));
  }

  /** systemd's Manager, knowing one unit under its name and its alias. */
  public static final class FakeManager implements Systemd1Manager {
    @Override
    public DBusPath LoadUnit(String name) {
      if (name.equals("network.service") || name.equals("wicked.service")) {
        return new DBusPath(UNIT_PATH);
      }
      throw new IllegalStateException("no such unit " + name);
    }

    @Override
    public String getObjectPath() {
      return "/org/freedesktop/systemd1";
    }
  }

  /** The wicked.service unit object. */
  public static final class FakeUnit implements Properties {
    private final Map<String, String> props =
        Map.of("Id", "wicked.service", "LoadState", "loaded", "ActiveState", "active");

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String iface, String property) {
      return (A) props.get(property);
    }

    @Override
    public <A> void Set(String iface, String property, A value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
      Map<String, Variant<?>> out = new java.util.HashMap<>();
      props.forEach((k, v) -> out.put(k, new Variant<>(v)));
      return out;
    }

    @Override
    public String getObjectPath() {
      return UNIT_PATH;
    }
  }
}
