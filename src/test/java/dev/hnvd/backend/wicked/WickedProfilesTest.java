package dev.hnvd.backend.wicked;

import static dev.hnvd.backend.wicked.WickedRig.BOND;
import static dev.hnvd.backend.wicked.WickedRig.BOND_FILE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.plan.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the planner sees of an ifcfg directory. */
class WickedProfilesTest {
  @TempDir Path tmp;

  @Test
  void profiles_bondPortsAndOthers() throws IOException {
    WickedRig rig = new WickedRig(tmp);
    rig.ownedBond("eth2", "eth3")
        .file("ifcfg-bond0", new String(Fixtures.bytes("roundtrip/ifcfg-bond0.yast"), "ISO-8859-1"))
        .file("ifcfg-eth0", "BOOTPROTO='dhcp'\nSTARTMODE='auto'\n")
        .file("ifcfg-eth1", "BOOTPROTO='static'\nIPADDR=''\n")
        .file("ifcfg-eth5", "IPADDR_0='10.1.1.1/24'\n")
        .file("ifcfg-eth0~", "BOOTPROTO='dhcp'\n")
        .file("ifcfg-eth0.rpmsave", "BOOTPROTO='dhcp'\n")
        .file("ifroute-eth0", "default 10.0.0.1 - -\n");

    List<Profile> profiles = new WickedRig(tmp).backend().profiles();

    assertThat(profiles).extracting(Profile::key).containsExactlyInAnyOrder(
        "ifcfg-bond0", "ifcfg-bond0#eth4", "ifcfg-bond0#eth5",
        BOND_FILE, BOND_FILE + "#eth2", BOND_FILE + "#eth3",
        "ifcfg-eth0", "ifcfg-eth1", "ifcfg-eth5");
    Profile ours = find(profiles, BOND_FILE);
    assertThat(ours.type()).isEqualTo(Profile.Type.BOND);
    assertThat(ours.owned()).isTrue();
    assertThat(ours.name()).isEqualTo(BOND);
    assertThat(ours.bondOptions()).isEqualTo(Map.of(
        "mode", "active-backup", "miimon", "100", "fail_over_mac", "follow", "primary", "eth2"));
    assertThat(ours.hasIpConfig()).isFalse();
    Profile port = find(profiles, BOND_FILE + "#eth3");
    assertThat(port.type()).isEqualTo(Profile.Type.BOND_PORT);
    assertThat(port.name()).isEqualTo(BOND + "-eth3");
    assertThat(port.interfaceName()).isEqualTo("eth3");
    assertThat(port.controller()).isEqualTo(BOND);
    assertThat(port.owned()).isTrue();
    Profile yast = find(profiles, "ifcfg-bond0");
    assertThat(yast.owned()).isFalse();
    assertThat(yast.hasIpConfig()).isTrue();
    assertThat(find(profiles, "ifcfg-bond0#eth4").owned()).isFalse();
    assertThat(find(profiles, "ifcfg-eth0").type()).isEqualTo(Profile.Type.OTHER);
    assertThat(find(profiles, "ifcfg-eth0").hasIpConfig()).isTrue();
    assertThat(find(profiles, "ifcfg-eth1").hasIpConfig()).isFalse();
    assertThat(find(profiles, "ifcfg-eth5").hasIpConfig()).isTrue(); // static is the default
  }

  @Test
  void profiles_noDirectory_empty() {
    WickedBackend backend = new WickedBackend(WickedSettings.underRoot(tmp.resolve("nothing")), () -> true, new FakeKernel());
    assertThat(backend.profiles()).isEmpty();
  }

  @Test
  void interruptedApply_journalRestoresOriginalsOnNextUse() throws IOException {
    WickedRig rig = new WickedRig(tmp);
    rig.ownedBond("eth2");
    byte[] original = rig.bytes(BOND_FILE);
    IfcfgDir dir = new IfcfgDir(rig.ifcfg);
    IfcfgChanges changes = new IfcfgChanges(dir);
    changes.put(BOND_FILE, WickedProfileBuilder.addSlave(changes.get(BOND_FILE).orElseThrow(), "eth3"), "add port");
    changes.put("ifcfg-bond00000001", IfcfgFile.empty().set("HNVD_OWNER", "hnvd"), "create bond");
    WickedRollback journal = new WickedRollback(tmp.resolve("var/lib/hnvd/wicked"));
    journal.open(changes.changes());
    // The "crash": files half written, the journal never cleared.
    dir.write(BOND_FILE, changes.get(BOND_FILE).orElseThrow().toBytes());
    dir.write("ifcfg-bond00000001", "HNVD_OWNER='hnvd'\n".getBytes());

    rig.backend().profiles();

    assertThat(rig.bytes(BOND_FILE)).isEqualTo(original);
    assertThat(rig.exists("ifcfg-bond00000001")).isFalse();
    assertThat(tmp.resolve("var/lib/hnvd/wicked/rollback")).doesNotExist();
  }

  @Test
  void committedJournal_isNeverReplayed() throws IOException {
    WickedRig rig = new WickedRig(tmp);
    rig.ownedBond("eth2");
    rig.active.set(false);
    rig.backend().apply(new dev.hnvd.plan.Plan(List.of(
        new dev.hnvd.plan.Action.AddPort(dev.hnvd.model.HcnId.parse("1a2b"), BOND, "eth3")), List.of()));
    byte[] after = rig.bytes(BOND_FILE);
    rig.backend().profiles();
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(after);
    assertThat(Files.exists(tmp.resolve("var/lib/hnvd/wicked/rollback"))).isFalse();
  }

  private static Profile find(List<Profile> profiles, String key) {
    return profiles.stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow();
  }
}
