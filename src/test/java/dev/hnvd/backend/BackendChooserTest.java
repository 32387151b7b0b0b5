package dev.hnvd.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.backend.BackendChooser.Choice;
import dev.hnvd.backend.BackendChooser.Kind;
import dev.hnvd.model.HnvException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which manager is in charge, from os-release fixtures and systemd unit states. */
class BackendChooserTest {
  private static final String SLES = "NAME=\"SLES\"\nVERSION=\"15-SP5\"\nVERSION_ID=\"15.5\"\n"
      + "PRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP5\"\nID=\"sles\"\nID_LIKE=\"suse\"\n"
      + "ANSI_COLOR=\"0;32\"\nCPE_NAME=\"cpe:/o:suse:sles:15:sp5\"\n";
  private static final String RHEL = "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.2 (Plow)\"\n"
      + "ID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"9.2\"\n";
  private static final String LEAP = "NAME=\"openSUSE Leap\"\nID=opensuse-leap\nID_LIKE=\"suse opensuse\"\n";

  @TempDir Path root;

  private BackendChooser chooser(String osRelease, FakeUnitStates units) throws IOException {
    if (osRelease != null) {
      Files.createDirectories(root.resolve("etc"));
      Files.writeString(root.resolve("etc/os-release"), osRelease);
    }
    return new BackendChooser(root, units);
  }

  @Test
  void sles_networkServiceIsWicked_wicked() throws IOException {
    Choice c = chooser(SLES, new FakeUnitStates().unit("wicked.service", "active", "network.service")).choose();
    assertThat(c.kind()).isEqualTo(Kind.WICKED);
    assertThat(c.reason()).contains("sles").contains("wicked.service").contains("active");
  }

  @Test
  void sles_wickedStopped_stillWickedForTheNextStart() throws IOException {
    Choice c = chooser(SLES, new FakeUnitStates().unit("wicked.service", "inactive", "network.service")).choose();
    assertThat(c.kind()).isEqualTo(Kind.WICKED);
    assertThat(c.reason()).contains("inactive");
  }

  @Test
  void sles_networkServiceIsNetworkManager_nm() throws IOException {
    Choice c = chooser(SLES, new FakeUnitStates()
        .unit("NetworkManager.service", "active", "network.service")
        .unit("wicked.service", "inactive")).choose();
    assertThat(c.kind()).isEqualTo(Kind.NM);
  }

  @Test
  void sles_networkManagerNotRunning_unreachable() throws IOException {
    BackendChooser chooser = chooser(SLES, new FakeUnitStates().unit("NetworkManager.service", "failed", "network.service"));
    assertThatThrownBy(chooser::choose)
        .isInstanceOf(HnvException.class)
        .hasMessageContaining("HNV is only supported on wicked and NetworkManager")
        .hasMessageContaining("failed")
        .satisfies(e -> assertThat(((HnvException) e).kind()).isEqualTo(HnvException.Kind.UNREACHABLE));
  }

  @Test
  void sles_noNetworkService_unreachable() throws IOException {
    BackendChooser chooser = chooser(SLES, new FakeUnitStates().unit("systemd-networkd.service", "active"));
    assertThatThrownBy(chooser::choose)
        .isInstanceOf(HnvException.class)
        .hasMessageContaining("HNV is only supported on wicked and NetworkManager")
        .hasMessageContaining("network.service is not defined");
  }

  @Test
  void sles_networkServiceIsSomethingElse_unreachable() throws IOException {
    BackendChooser chooser = chooser(SLES, new FakeUnitStates().unit("systemd-networkd.service", "active", "network.service"));
    assertThatThrownBy(chooser::choose).hasMessageContaining("systemd-networkd.service");
  }

  @Test
  void sles_systemdUnreachable_unreachable() throws IOException {
    BackendChooser chooser = chooser(SLES, new FakeUnitStates().unreachable());
    assertThatThrownBy(chooser::choose)
        .isInstanceOf(HnvException.class)
        .hasMessageContaining("cannot ask systemd");
  }

  @Test
  void openSuseLeap_isSuse() throws IOException {
    Choice c = chooser(LEAP, new FakeUnitStates().unit("wicked.service", "active", "network.service")).choose();
    assertThat(c.kind()).isEqualTo(Kind.WICKED);
  }

  @Test
  void rhel_networkManagerActive_nm() throws IOException {
    Choice c = chooser(RHEL, new FakeUnitStates().unit("NetworkManager.service", "active")).choose();
    assertThat(c.kind()).isEqualTo(Kind.NM);
    assertThat(c.reason()).contains("rhel");
  }

  @Test
  void rhel_evenWithWickedRunning_nm() throws IOException {
    // hcnmgr asked network.service only on SUSE; elsewhere NetworkManager is the only option.
    Choice c = chooser(RHEL, new FakeUnitStates()
        .unit("NetworkManager.service", "active")
        .unit("wicked.service", "active", "network.service")).choose();
    assertThat(c.kind()).isEqualTo(Kind.NM);
  }

  @Test
  void rhel_nothingActive_unreachable() throws IOException {
    BackendChooser chooser = chooser(RHEL, new FakeUnitStates().unit("NetworkManager.service", "inactive"));
    assertThatThrownBy(chooser::choose)
        .isInstanceOf(HnvException.class)
        .hasMessageContaining("HNV is only supported on wicked and NetworkManager")
        .hasMessageContaining("inactive");
  }

  @Test
  void rhel_networkManagerNotInstalled_unreachable() throws IOException {
    BackendChooser chooser = chooser(RHEL, new FakeUnitStates());
    assertThatThrownBy(chooser::choose).hasMessageContaining("not installed");
  }

  @Test
  void rhel_noSystemd_triesNetworkManagerDirectly() throws IOException {
    Choice c = chooser(RHEL, new FakeUnitStates().unreachable()).choose();
    assertThat(c.kind()).isEqualTo(Kind.NM);
    assertThat(c.reason()).contains("systemd not reachable");
  }

  @Test
  void noOsRelease_treatedAsNonSuse() throws IOException {
    Choice c = chooser(null, new FakeUnitStates().unit("NetworkManager.service", "active")).choose();
    assertThat(c.kind()).isEqualTo(Kind.NM);
    assertThat(c.reason()).contains("no os-release ID");
  }

  @Test
  void usrLibOsRelease_fallback() throws IOException {
    Files.createDirectories(root.resolve("usr/lib"));
    Files.writeString(root.resolve("usr/lib/os-release"), SLES);
    Choice c = new BackendChooser(root, new FakeUnitStates().unit("wicked.service", "active", "network.service")).choose();
    assertThat(c.kind()).isEqualTo(Kind.WICKED);
  }

  @Test
  void override_wins_withoutAskingSystemd() throws IOException {
    BackendChooser chooser = chooser(RHEL, new FakeUnitStates().unreachable());
    assertThat(chooser.choose(Optional.of("wicked")).kind()).isEqualTo(Kind.WICKED);
    assertThat(chooser.choose(Optional.of("NM")).kind()).isEqualTo(Kind.NM);
    assertThat(chooser.choose(Optional.of("wicked")).reason()).contains("--backend");
  }

  @Test
  void override_unknown_invalid() throws IOException {
    BackendChooser chooser = chooser(SLES, new FakeUnitStates());
    assertThatThrownBy(() -> chooser.choose(Optional.of("networkd")))
        .isInstanceOf(HnvException.class)
        .satisfies(e -> assertThat(((HnvException) e).kind()).isEqualTo(HnvException.Kind.INVALID));
  }

  @Test
  void idFrom_quotingAndCase() {
    assertThat(BackendChooser.idFrom("ID=sles\n")).isEqualTo("sles");
    assertThat(BackendChooser.idFrom("ID='SLED'\n")).isEqualTo("sled");
    assertThat(BackendChooser.idFrom("VERSION_ID=\"15\"\nID_LIKE=suse\n")).isEmpty();
    assertThat(BackendChooser.isSuse("opensuse-tumbleweed")).isTrue();
    assertThat(BackendChooser.isSuse("suse-microos")).isTrue();
    assertThat(BackendChooser.isSuse("rhel")).isFalse();
  }

  /** Units as a test declares them; unknown names are not-found, like systemd's LoadUnit answer. */
  static final class FakeUnitStates implements UnitStates {
    private final Map<String, Unit> units = new HashMap<>();
    private boolean reachable = true;

    /** A unit {@code id} in {@code activeState}, also reachable under {@code aliases}. */
    FakeUnitStates unit(String id, String activeState, String... aliases) {
      units.put(id, new Unit(id, id, "loaded", activeState));
      for (String alias : aliases) {
        units.put(alias, new Unit(alias, id, "loaded", activeState));
      }
      return this;
    }

    FakeUnitStates unreachable() {
      reachable = false;
      return this;
    }

    @Override
    public Unit load(String name) {
      if (!reachable) {
        throw new HnvException(HnvException.Kind.UNREACHABLE, "no system bus");
      }
      return units.getOrDefault(name, Unit.notFound(name));
    }
  }
}
