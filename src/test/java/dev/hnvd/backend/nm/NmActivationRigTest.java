package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.backend.nm.dbus.NmActiveConnection;
import dev.hnvd.model.HnvException;
import dev.hnvd.rig.NmRig;
import dev.hnvd.rig.NmRigExtension;
import dev.hnvd.rig.RigKernel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The activation flow (controller first, wait on Connection.Active state with a deadline, port
 * enslaved in the kernel) with a bridge standing in for the bond, which the host kernel cannot
 * create; and the bond failure the backend must recognise as "no kernel bonding".
 */
@Tag("rig")
@ExtendWith(NmRigExtension.class)
class NmActivationRigTest {
  RigFixture fx;

  @BeforeEach
  void setUp(NmRig rig) {
    fx = new RigFixture(rig);
    fx.clean();
  }

  @AfterEach
  void tearDown() {
    fx.clean();
    fx.close();
  }

  @Test
  void bridgeStandIn_controllerThenPortActivate_andTheKernelShowsTheEnslavement() {
    String br = add("brt0", "bridge", "brt0", null);
    String port = add("brt0-hv3", "802-3-ethernet", "hv3", "brt0");

    DBusPath a = fx.nm.activate(br);
    assertThat(fx.nm.awaitActivation(a, Duration.ofSeconds(10))).isEqualTo(NmActiveConnection.STATE_ACTIVATED);
    assertThat(fx.nm.activeFor(br).map(DBusPath::getPath)).contains(a.getPath());
    DBusPath p = fx.nm.activeFor(port).orElseGet(() -> fx.nm.activate(port));
    assertThat(fx.nm.awaitActivation(p, Duration.ofSeconds(10))).isEqualTo(NmActiveConnection.STATE_ACTIVATED);

    assertThat(new RigKernel(fx.rig.sysfs()).link("hv3")).hasValueSatisfying(l ->
        assertThat(l.master()).isEqualTo("brt0"));
  }

  @Test
  void bondActivationOnAKernelWithoutBonding_failsRecognisably() {
    var s = NmProfileBuilder.bond("bond000000aa", Optional.empty(), Optional.empty(), fx.nm.version());
    fx.nm.add(s, NmFlags.TO_DISK | NmFlags.BLOCK_AUTOCONNECT);
    String uuid = NmProfileBuilder.uuidFor("bond000000aa");

    int state;
    try {
      state = fx.nm.awaitActivation(fx.nm.activate(uuid), Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      assertThat(NmErrors.noKernelBonding(e)).as(NmErrors.text(e)).isTrue();
      return;
    }
    assertThat(state).isEqualTo(NmActiveConnection.STATE_DEACTIVATED);
    assertThat(Path.of(fx.rig.sysfs().toString(), "class/net/bonding_masters")).doesNotExist();
  }

  @Test
  void connect_withNmStopped_isUnreachableQuickly() throws Exception {
    fx.rig.killNm();
    try {
      assertThatThrownBy(fx::backend)
          .isInstanceOfSatisfying(HnvException.class,
              e -> assertThat(e.kind()).isEqualTo(HnvException.Kind.UNREACHABLE))
          .hasMessageContaining("NetworkManager is not running");
    } finally {
      fx.rig.startNm();
    }
  }

  @Test
  void connect_withoutBus_isUnreachable() {
    assertThatThrownBy(() -> NmBackend.connect("unix:path=/nonexistent/hnvd-bus",
        new RigKernel(fx.rig.sysfs()), fx.rig.sysfs()))
        .isInstanceOfSatisfying(HnvException.class,
            e -> assertThat(e.kind()).isEqualTo(HnvException.Kind.UNREACHABLE));
  }

  private String add(String id, String type, String iface, String master) {
    String uuid = NmProfileBuilder.uuidFor(id);
    Map<String, Map<String, Variant<?>>> s = new LinkedHashMap<>();
    Map<String, Variant<?>> c = new LinkedHashMap<>();
    c.put("id", new Variant<>(id));
    c.put("uuid", new Variant<>(uuid));
    c.put("type", new Variant<>(type));
    c.put("interface-name", new Variant<>(iface));
    c.put("autoconnect", new Variant<>(false));
    if (master != null) {
      c.put("master", new Variant<>(master));
      c.put("slave-type", new Variant<>("bridge"));
    }
    s.put("connection", c);
    if (master == null) {
      s.put("ipv4", Map.of("method", new Variant<>("disabled")));
      s.put("ipv6", Map.of("method", new Variant<>("disabled")));
    }
    fx.nm.add(NmConnectionSettings.of(s), NmFlags.TO_DISK);
    return uuid;
  }
}
