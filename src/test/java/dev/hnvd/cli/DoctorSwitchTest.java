package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.cli.Doctor.Check;
import dev.hnvd.platform.Roots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hnvctl doctor on a system moved between NetworkManager and wicked: reports, deletes nothing. */
class DoctorSwitchTest {
  @TempDir Path root;

  private Roots roots() {
    return Roots.of(root, null, null);
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private Map<String, byte[]> snapshot() throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (var s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void wickedInUseListsNetworkManagersHnvProfilesOursAndNot() throws IOException {
    write("etc/NetworkManager/system-connections/bond00001a2b.nmconnection",
        "[connection]\nid=bond00001a2b\ntype=bond\ninterface-name=bond00001a2b\n[user]\nhnvd.owner=hnvd\n");
    write("etc/NetworkManager/system-connections/bond00001a2b-eth2.nmconnection",
        "[connection]\nid=bond00001a2b-eth2\ntype=ethernet\ninterface-name=eth2\ncontroller=bond00001a2b\n");
    write("etc/NetworkManager/system-connections/lan.nmconnection",
        "[connection]\nid=lan\ntype=ethernet\ninterface-name=eth9\n");
    Map<String, byte[]> before = snapshot();
    Check c = DoctorSwitch.nmLeftovers(roots());
    assertThat(c.status()).isEqualTo(Doctor.Status.WARN);
    assertThat(c.detail()).contains("bond00001a2b (hnvd's)", "bond00001a2b-eth2 (not hnvd's)").doesNotContain("lan");
    assertThat(c.fix()).contains("/etc/NetworkManager/system-connections/bond00001a2b.nmconnection");
    assertThat(snapshot()).usingRecursiveComparison().isEqualTo(before);
  }

  @Test
  void networkManagerInUseListsWickedsHnvBondFiles() throws IOException {
    write("etc/sysconfig/network/ifcfg-bond00001a2b", "HNVD_OWNER='hnvd'\nBONDING_MASTER='yes'\n"
        + "BONDING_MODULE_OPTS='mode=active-backup'\nBONDING_SLAVE_1='eth2'\nBONDING_SLAVE_2='eth3'\n");
    write("etc/sysconfig/network/ifcfg-bond00003c4d", "BONDING_MASTER='yes'\nBONDING_SLAVE0='eth5'\n");
    write("etc/sysconfig/network/ifcfg-bond1", "BONDING_MASTER='yes'\nBONDING_SLAVE0='eth9'\n");
    write("etc/sysconfig/network/ifroute-bond00001a2b", "default 169.254.0.1 - -\n");
    Map<String, byte[]> before = snapshot();
    Check c = DoctorSwitch.wickedLeftovers(roots());
    assertThat(c.status()).isEqualTo(Doctor.Status.WARN);
    assertThat(c.detail()).contains("ifcfg-bond00001a2b (hnvd's, ports eth2 eth3)",
        "ifcfg-bond00003c4d (not hnvd's, ports eth5)").doesNotContain("ifcfg-bond1 ");
    assertThat(snapshot()).usingRecursiveComparison().isEqualTo(before);
  }

  @Test
  void managerUnknownAndBothHoldHnvConfiguration_warnsWithBoth() throws IOException {
    write("etc/NetworkManager/system-connections/bond00001a2b.nmconnection",
        "[connection]\nid=bond00001a2b\ntype=bond\n[user]\nhnvd.owner=hnvd\n");
    write("etc/sysconfig/network/ifcfg-bond00001a2b", "HNVD_OWNER='hnvd'\nBONDING_MASTER='yes'\nBONDING_SLAVE_1='eth2'\n");
    write("etc/os-release", "ID=\"sles\"\n");
    Check c = DoctorSwitch.otherManager(roots(), name -> {
      throw new dev.hnvd.model.HnvException(dev.hnvd.model.HnvException.Kind.UNREACHABLE, "no systemd");
    });
    assertThat(c.status()).isEqualTo(Doctor.Status.WARN);
    assertThat(c.detail()).contains("cannot tell", "bond00001a2b (hnvd's)", "ifcfg-bond00001a2b (hnvd's, ports eth2)");
  }

  @Test
  void nothingLeftIsAPass() {
    assertThat(DoctorSwitch.nmLeftovers(roots()).status()).isEqualTo(Doctor.Status.PASS);
    assertThat(DoctorSwitch.wickedLeftovers(roots()).status()).isEqualTo(Doctor.Status.PASS);
  }
}
