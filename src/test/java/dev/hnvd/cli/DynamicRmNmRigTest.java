package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.backend.nm.NmBackend;
import dev.hnvd.plan.Profile;
import dev.hnvd.platform.SysfsKernel;
import dev.hnvd.rig.NmRig;
import dev.hnvd.rig.NmRigExtension;
import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DynamicRM commands end to end against a real NetworkManager (tier-1 rig): a fixture device
 * tree whose nodes resolve by MAC to the rig's veths hv1 (VF) and hv2 (vNIC backup). The host
 * kernel has no bonding, so bonds never activate here; profiles, ownership and idempotency are real.
 */
@Tag("rig")
@ExtendWith(NmRigExtension.class)
class DynamicRmNmRigTest {
  static final String BOND = "bond00001a2b";

  @TempDir Path dir;
  NmRig rig;
  Map<String, String> env;

  @BeforeEach
  void setUp(NmRig rig) throws IOException {
    this.rig = rig;
    FakeLpar lpar = FakeLpar.deviceTreeOnly(dir, rig.sysfs()).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").mac(mac("hv1"));
    lpar.vnic("30000003", 0x1a2b, "backup").mac(mac("hv2"));
    env = new HashMap<>(Map.of("HNVD_ROOT", dir.toString(), "HNVD_SYSFS", rig.sysfs().toString(),
        "HNVD_BACKEND", "nm", "DBUS_SYSTEM_BUS_ADDRESS", rig.busAddress(), "HNVD_RESOLVE_SECONDS", "2"));
    deleteAllProfiles();
  }

  @AfterEach
  void tearDown() throws IOException {
    deleteAllProfiles();
  }

  private String mac(String ifname) throws IOException {
    return Files.readString(rig.sysfs().resolve("class/net/" + ifname + "/address")).strip();
  }

  private void deleteAllProfiles() throws IOException {
    for (String line : nmcli("-g", "UUID,TYPE", "connection", "show").split("\n")) {
      if (!line.isBlank() && !line.endsWith(":loopback")) {
        nmcli("connection", "delete", line.substring(0, line.indexOf(':')));
      }
    }
  }

  /** nmcli for test set-up and inspection only; the product never runs it. */
  private String nmcli(String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of("env", "DBUS_SYSTEM_BUS_ADDRESS=" + rig.busAddress(), "nmcli"));
    cmd.addAll(List.of(args));
    return rig.exec(cmd.toArray(String[]::new));
  }

  private List<Profile> profiles() {
    try (NmBackend nm = NmBackend.connect(rig.busAddress(), new SysfsKernel(rig.sysfs()), rig.sysfs())) {
      return nm.profiles().stream().filter(p -> !p.name().equals("lo")).toList();
    }
  }

  private Run run(String cmd, String... args) {
    return Run.with(env, cmd, args);
  }

  @Test
  void cfgdrc_vfThenBackup_createsTheReferenceProfiles_secondRunWritesNothing() {
    Run vf = run("hcncfgdrc", "DRC_INDEX=20000011");
    assertThat(vf.exit()).as(vf.out()).isZero();
    assertThat(vf.out()).contains("[INFO]:create bond " + BOND + " primary hv1", "[INFO]:add port hv1 to " + BOND);

    // The whole HNV converges: the backup, already present, joins with the VF.
    assertThat(vf.out()).contains("[INFO]:add port hv2 to " + BOND, "[INFO]:3 profile change(s)");
    Run backup = run("hcncfgdrc", "DRC_INDEX=30000003", "STAKE_TOKEN=NULL");
    assertThat(backup.exit()).as(backup.out()).isZero();
    assertThat(backup.out()).doesNotContain("[INFO]:create bond", "[INFO]:add port").contains("[INFO]:0 profile change(s)");

    assertThat(profiles()).filteredOn(Profile::owned).extracting(Profile::name)
        .containsExactlyInAnyOrder(BOND, BOND + "-hv1", BOND + "-hv2");
    assertThat(profiles()).filteredOn(p -> p.name().equals(BOND)).singleElement()
        .satisfies(p -> assertThat(p.bondOptions()).containsEntry("primary", "hv1")
            .containsEntry("mode", "active-backup").containsEntry("fail_over_mac", "follow"));

    Run again = run("hcncfgdrc", "DRC_INDEX=20000011");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).doesNotContain("[INFO]:create bond", "[INFO]:add port").contains("[INFO]:0 profile change(s)");
    Run scan = run("hcnmgr", "-s");
    assertThat(scan.exit()).isZero();
    assertThat(scan.out()).doesNotContain("[INFO]:create bond", "[INFO]:add port", "[INFO]:remove").contains("[INFO]:0 profile change(s)");
  }

  @Test
  void rmdev_removesThePort_rmhcn_removesBondAndPorts() {
    assertThat(run("hcnmgr", "-s").exit()).isZero();
    assertThat(profiles()).hasSize(3);

    Run rmdev = run("hcnrmdev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(rmdev.exit()).as(rmdev.out()).isZero();
    assertThat(profiles()).extracting(Profile::name).containsExactlyInAnyOrder(BOND, BOND + "-hv2");

    Run rmhcn = run("hcnrmhcn", "HCN_ID=1A2B");
    assertThat(rmhcn.exit()).as(rmhcn.out()).isZero();
    assertThat(profiles()).isEmpty();
  }

  @Test
  void foreignProfileNamedLikeOurs_notInDeviceTree_neverTouched() throws IOException {
    nmcli("connection", "add", "type", "bond", "con-name", "bond0000beef", "ifname", "bond0000beef",
        "bond.options", "mode=balance-rr", "ipv4.method", "disabled", "ipv6.method", "disabled", "autoconnect", "no");
    nmcli("connection", "add", "type", "ethernet", "con-name", "Wired hv1", "ifname", "hv1",
        "ipv4.method", "manual", "ipv4.addresses", "169.254.7.7/16", "autoconnect", "no");
    String before = nmcli("-g", "UUID,NAME,TYPE", "connection", "show");

    assertThat(run("hcnmgr", "-s").exit()).isZero();
    Run rmhcn = run("hcnrmhcn", "HCN_ID=beef");
    assertThat(rmhcn.exit()).isZero();
    assertThat(rmhcn.out()).contains("not ours");

    String after = nmcli("-g", "UUID,NAME,TYPE", "connection", "show");
    for (String line : before.split("\n")) {
      assertThat(after).contains(line);
    }
    assertThat(nmcli("-g", "bond.options", "connection", "show", "bond0000beef")).contains("balance-rr");
    // The new bond took over the foreign profile's IP settings; the foreign profile is unchanged.
    assertThat(nmcli("-g", "ipv4.addresses", "connection", "show", BOND)).contains("169.254.7.7/16");
    assertThat(nmcli("-g", "ipv4.addresses", "connection", "show", "Wired hv1")).contains("169.254.7.7/16");
  }

  @Test
  void hnvctl_planAndStatus_onTheRig() {
    Run plan = Run.with(env, "hnvctl", "plan", "--json");
    assertThat(plan.exit()).isZero();
    assertThat(plan.out()).contains("\"action\": \"CreateBond\"", "\"action\": \"AddPort\"");
    assertThat(profiles()).isEmpty();

    assertThat(run("hcnmgr", "-s").exit()).isZero();
    Run status = Run.with(env, "hnvctl", "status", "--json");
    assertThat(status.exit()).isZero();
    assertThat(status.out()).contains("\"bond\": \"" + BOND + "\"", "\"wantedPrimary\": \"hv1\"",
        "\"profile\": \"" + java.util.UUID.nameUUIDFromBytes(("hnvd:" + BOND).getBytes(
            java.nio.charset.StandardCharsets.UTF_8)) + "\"");
  }

  @Test
  void qrydev_noKernelBond_safe() {
    assertThat(run("hcnmgr", "-s").exit()).isZero();
    Run q = run("hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(q.exit()).isZero();
    assertThat(q.out()).contains("can be removed");
  }
}
