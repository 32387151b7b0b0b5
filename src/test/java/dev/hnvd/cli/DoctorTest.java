package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.backend.UnitStates;
import dev.hnvd.cli.Doctor.Check;
import dev.hnvd.cli.Doctor.Status;
import dev.hnvd.model.HnvException;
import dev.hnvd.platform.OsRelease;
import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hnvctl doctor against fake LPARs: each scenario is a box an administrator could have. */
class DoctorTest {
  @TempDir Path dir;

  private final Map<String, UnitStates.Unit> systemd = new HashMap<>();
  private UnitStates units = name -> systemd.getOrDefault(name, UnitStates.Unit.notFound(name));
  private DoctorRpm.Answer rpm = new DoctorRpm.Answer(DoctorRpm.Kind.INSTALLED, "2.0.7-7");

  // ---------------------------------------------------------------- fixtures

  /** RHEL 9.4 LPAR, NetworkManager running, hnvd installed and running, one HNV bonded right. */
  private FakeLpar healthyRhel9() {
    FakeLpar lpar = FakeLpar.in(dir).exampleHnv().migratable().osRelease("rhel", "9.4");
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").primary("enP32775p1s0");
    mkdir("sys/module/bonding");
    file("usr/lib/hnvd/hcn-init.service", "[Unit]\n");
    link("etc/systemd/system/hcn-init.service", "/usr/lib/hnvd/hcn-init.service");
    file("usr/share/dbus-1/system.d/dev.hnvd.Hnvd1.conf", "<busconfig/>\n");
    file("run/hnvd/hnvd.sock", "");
    active("NetworkManager.service", "NetworkManager.service");
    return lpar;
  }

  private List<Check> doctor(FakeLpar lpar) {
    return Doctor.run(new Doctor.Inputs(lpar.roots(), lpar.discover(), OsRelease.read(lpar.roots()),
        lpar.kernel().links(), lpar.kernel().bonds(), units, rpm));
  }

  private static Check check(List<Check> checks, String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + checks));
  }

  private void active(String requested, String id) {
    systemd.put(requested, new UnitStates.Unit(requested, id, "loaded", "active"));
  }

  private void mkdir(String rel) {
    try {
      Files.createDirectories(dir.resolve(rel));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void file(String rel, String text) {
    try {
      Files.createDirectories(dir.resolve(rel).getParent());
      Files.writeString(dir.resolve(rel), text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void link(String rel, String target) {
    try {
      Files.createDirectories(dir.resolve(rel).getParent());
      Files.deleteIfExists(dir.resolve(rel));
      Files.createSymbolicLink(dir.resolve(rel), Path.of(target));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- scenarios

  @Test
  void healthyRhel9_everyCheckPasses_exitZero() {
    List<Check> checks = doctor(healthyRhel9());

    assertThat(checks).allSatisfy(c -> assertThat(c.status()).as(c.toString()).isEqualTo(Status.PASS));
    assertThat(checks).extracting(Check::name).contains("powervm", "distribution", "connection-manager",
        "bonding-module", "installed", "daemon", "old-hcnmgr-units", "dynamicrm", "vpmem", "sriov-vendor",
        "port-count", "pending-devices", "hnv bond00001a2b");
    assertThat(check(checks, "connection-manager").detail()).startsWith("NetworkManager");
    assertThat(check(checks, "hnv bond00001a2b").detail()).contains("VF enP32775p1s0 primary and active", "env3");
    assertThat(Doctor.exitCode(checks)).isZero();
  }

  @Test
  void sles15sp2_tooOldForHnv_fails() {
    FakeLpar lpar = healthyRhel9();
    lpar.osRelease("sles", "15.2");
    lpar.device("/vdevice/vnic@30000003").orElseThrow().remove();
    lpar.veth("30000002", 0x1a2b, "backup").iface("eth1");
    active("network.service", "wicked.service");
    active("wicked.service", "wicked.service");

    List<Check> checks = doctor(lpar);

    Check distro = check(checks, "distribution");
    assertThat(distro.status()).isEqualTo(Status.FAIL);
    assertThat(distro.detail()).contains("veth backup needs sles 15.3 or later");
    assertThat(distro.fix()).contains("SLES 15 SP3+");
    assertThat(check(checks, "connection-manager").detail()).startsWith("wicked");
    assertThat(Doctor.exitCode(checks)).isEqualTo(1);
  }

  @Test
  void sles15sp4_withVnicBackup_warnsNotInMatrix() {
    FakeLpar lpar = healthyRhel9();
    lpar.osRelease("sles", "15.4");
    active("network.service", "wicked.service");
    active("wicked.service", "wicked.service");

    Check distro = check(doctor(lpar), "distribution");

    assertThat(distro.status()).isEqualTo(Status.WARN);
    assertThat(distro.detail()).contains("vnic backup is not supported on sles");
  }

  @Test
  void rhel85_withVnicBackup_failsButVethWouldPass() {
    FakeLpar lpar = healthyRhel9();
    lpar.osRelease("rhel", "8.5");
    assertThat(check(doctor(lpar), "distribution").status()).isEqualTo(Status.FAIL);

    lpar.device("/vdevice/vnic@30000003").orElseThrow().remove();
    lpar.veth("30000002", 0x1a2b, "backup").iface("eth1");
    assertThat(check(doctor(lpar), "distribution").status()).isEqualTo(Status.PASS);
  }

  @Test
  void ubuntu_warnsUnknownDistribution() {
    FakeLpar lpar = healthyRhel9();
    lpar.osRelease("ubuntu", "24.04");
    Check distro = check(doctor(lpar), "distribution");
    assertThat(distro.status()).isEqualTo(Status.WARN);
    assertThat(distro.detail()).contains("not in hnvd's support matrix");
  }

  @Test
  void vpmemNextToHnv_fails() {
    FakeLpar lpar = healthyRhel9().vpmem();

    List<Check> checks = doctor(lpar);

    assertThat(check(checks, "vpmem").status()).isEqualTo(Status.FAIL);
    assertThat(check(checks, "vpmem").detail()).contains("cannot coexist");
    assertThat(check(checks, "device-tree").status()).as("not reported twice").isEqualTo(Status.PASS);
    assertThat(Doctor.exitCode(checks)).isEqualTo(1);
  }

  @Test
  void vpmem_commandExitsOne() throws IOException {
    healthyRhel9().vpmem();
    Path stub = rpmStub("echo 2.0.7-7\n");

    Run r = Run.of(dir, "hnvctl", "doctor", "--rpm", stub.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).containsPattern("(?m)^FAIL +vpmem +vPMEM volume present");
  }

  @Test
  void nonMellanoxPrimary_warns() {
    FakeLpar lpar = healthyRhel9();
    lpar.device("/pci@800000020000021/ethernet@0").orElseThrow().vendor(0x8086);

    List<Check> checks = doctor(lpar);

    Check vendor = check(checks, "sriov-vendor");
    assertThat(vendor.status()).isEqualTo(Status.WARN);
    assertThat(vendor.detail()).contains("bond00001a2b enP32775p1s0 vendor 0x8086");
    assertThat(Doctor.exitCode(checks)).as("a warning alone does not fail").isZero();
  }

  @Test
  void oldHcnmgrUnitEnabled_failsTwoManagers() {
    FakeLpar lpar = healthyRhel9();
    link("etc/systemd/system/multi-user.target.wants/hcn-init-NetworkManager.service",
        "/usr/lib/systemd/system/hcn-init-NetworkManager.service");

    Check old = check(doctor(lpar), "old-hcnmgr-units");

    assertThat(old.status()).isEqualTo(Status.FAIL);
    assertThat(old.detail()).isEqualTo("two HNV managers: hcn-init-NetworkManager.service enabled");
    assertThat(old.fix()).contains("systemctl mask");
  }

  @Test
  void oldHcnmgrUnitEnabledButMasked_passes() throws IOException {
    FakeLpar lpar = healthyRhel9();
    link("etc/systemd/system/multi-user.target.wants/hcn-init-wicked.service",
        "/usr/lib/systemd/system/hcn-init-wicked.service");
    link("etc/systemd/system/hcn-init-wicked.service", "/dev/null");

    assertThat(check(doctor(lpar), "old-hcnmgr-units").status()).isEqualTo(Status.PASS);
    // A link out of the temp dir: removed here, or JUnit warns as it cleans up.
    Files.delete(dir.resolve("etc/systemd/system/hcn-init-wicked.service"));
  }

  @Test
  void oldHcnmgrUnitActiveBySystemd_fails() {
    FakeLpar lpar = healthyRhel9();
    active("hcn-init-wicked.service", "hcn-init-wicked.service");

    Check old = check(doctor(lpar), "old-hcnmgr-units");

    assertThat(old.status()).isEqualTo(Status.FAIL);
    assertThat(old.detail()).contains("hcn-init-wicked.service active");
  }

  @Test
  void noBondingModule_fails() {
    FakeLpar lpar = healthyRhel9();
    rm("sys/module/bonding");
    file("proc/sys/kernel/osrelease", "5.14.0-427.13.1.el9_4.ppc64le\n");

    Check bonding = check(doctor(lpar), "bonding-module");

    assertThat(bonding.status()).isEqualTo(Status.FAIL);
    assertThat(bonding.detail()).contains("5.14.0-427.13.1.el9_4.ppc64le");
  }

  @Test
  void bondingModuleOnDiskNotLoaded_passes() {
    FakeLpar lpar = healthyRhel9();
    rm("sys/module/bonding");
    file("proc/sys/kernel/osrelease", "6.4.0-150600.23.7-default\n");
    file("lib/modules/6.4.0-150600.23.7-default/kernel/drivers/net/bonding/bonding.ko.zst", "");

    Check bonding = check(doctor(lpar), "bonding-module");

    assertThat(bonding.status()).isEqualTo(Status.PASS);
    assertThat(bonding.detail()).contains("available", "not loaded");
  }

  @Test
  void networkManagerStopped_fails() {
    FakeLpar lpar = healthyRhel9();
    systemd.put("NetworkManager.service",
        new UnitStates.Unit("NetworkManager.service", "NetworkManager.service", "loaded", "inactive"));

    Check cm = check(doctor(lpar), "connection-manager");

    assertThat(cm.status()).isEqualTo(Status.FAIL);
    assertThat(cm.detail()).contains("NetworkManager.service is inactive");
    assertThat(cm.fix()).contains("systemctl enable --now NetworkManager");
  }

  @Test
  void systemdUnreachable_warnsInsteadOfGuessing() {
    FakeLpar lpar = healthyRhel9();
    units = name -> {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "no D-Bus socket");
    };

    List<Check> checks = doctor(lpar);

    assertThat(check(checks, "connection-manager").status()).isEqualTo(Status.WARN);
    assertThat(check(checks, "connection-manager").detail()).contains("systemd not reachable");
    assertThat(check(checks, "old-hcnmgr-units").status()).as("files still tell").isEqualTo(Status.PASS);
  }

  @Test
  void daemonNotRunningAndNotInstalled() {
    FakeLpar lpar = healthyRhel9();
    rm("run/hnvd/hnvd.sock");
    rm("usr/share/dbus-1/system.d/dev.hnvd.Hnvd1.conf");

    List<Check> checks = doctor(lpar);

    assertThat(check(checks, "daemon").status()).isEqualTo(Status.WARN);
    assertThat(check(checks, "installed").status()).isEqualTo(Status.FAIL);
    assertThat(check(checks, "installed").detail()).contains("D-Bus policy");
  }

  @Test
  void unitLinkNotOurs_warns() {
    FakeLpar lpar = healthyRhel9();
    rm("etc/systemd/system/hcn-init.service");

    Check installed = check(doctor(lpar), "installed");

    assertThat(installed.status()).isEqualTo(Status.WARN);
    assertThat(installed.fix()).contains("hnvd-takeover claim");
  }

  @Test
  void primaryNotRestoredAfterFailover_warns() {
    FakeLpar lpar = healthyRhel9();
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").primary("").active("env3");

    Check hnv = check(doctor(lpar), "hnv bond00001a2b");

    assertThat(hnv.status()).isEqualTo(Status.WARN);
    assertThat(hnv.detail()).contains("primary is unset, should be VF enP32775p1s0",
        "env3 is active although VF enP32775p1s0 has carrier");
    assertThat(hnv.fix()).startsWith("hnvctl scan");
  }

  @Test
  void backupWithoutCarrier_warnsMigrationWouldDrop() {
    FakeLpar lpar = healthyRhel9();
    lpar.iface("env3").carrier(false);

    Check hnv = check(doctor(lpar), "hnv bond00001a2b");

    assertThat(hnv.status()).isEqualTo(Status.WARN);
    assertThat(hnv.detail()).contains("backup env3 has no carrier");
  }

  @Test
  void noBondYet_andPendingBackup_warn() {
    FakeLpar lpar = FakeLpar.in(dir).powervm().osRelease("rhel", "9.4");
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1");
    lpar.vnic("30000003", 0x1a2b, "backup");

    List<Check> checks = doctor(lpar);

    assertThat(check(checks, "hnv bond00001a2b").status()).isEqualTo(Status.WARN);
    assertThat(check(checks, "hnv bond00001a2b").detail()).contains("no kernel bond bond00001a2b");
    assertThat(check(checks, "pending-devices").status()).isEqualTo(Status.WARN);
    assertThat(check(checks, "pending-devices").detail()).contains("/vdevice/vnic@30000003");
  }

  @Test
  void elevenPorts_warn() {
    FakeLpar lpar = healthyRhel9();
    for (int i = 0; i < 9; i++) {
      lpar.veth(String.format("3000010%d", i), 0x100 + i, "backup");
    }

    Check count = check(doctor(lpar), "port-count");

    assertThat(count.status()).isEqualTo(Status.WARN);
    assertThat(count.detail()).startsWith("11 HNV ports");
  }

  @Test
  void dynamicRmMissing_fails_cannotQuery_warns() {
    FakeLpar lpar = healthyRhel9();
    rpm = new DoctorRpm.Answer(DoctorRpm.Kind.NOT_INSTALLED, "package DynamicRM is not installed");
    assertThat(check(doctor(lpar), "dynamicrm").status()).isEqualTo(Status.FAIL);

    rpm = new DoctorRpm.Answer(DoctorRpm.Kind.INSTALLED, "2.0.6-3");
    assertThat(check(doctor(lpar), "dynamicrm").detail()).contains("older than 2.0.7-7");

    rpm = new DoctorRpm.Answer(DoctorRpm.Kind.CANNOT_QUERY, "cannot run rpm");
    assertThat(check(doctor(lpar), "dynamicrm").status()).isEqualTo(Status.WARN);
    assertThat(check(doctor(lpar), "dynamicrm").detail()).startsWith("cannot query rpm");
  }

  // ---------------------------------------------------------------- output

  @Test
  void json_documentedShape() throws IOException {
    healthyRhel9().vpmem();
    Path stub = rpmStub("echo 2.0.7-7.el9\n");

    Run r = Run.with(Map.of(), "hnvctl", "--root", dir.toString(), "doctor", "--json", "--rpm", stub.toString());

    assertThat(r.exit()).isEqualTo(1);
    String json = r.out().replaceAll("\\s+", "");
    assertThat(json).startsWith("{\"checks\":[{\"name\":\"powervm\",\"status\":\"pass\",\"detail\":");
    assertThat(json).contains("{\"name\":\"dynamicrm\",\"status\":\"pass\",\"detail\":\"DynamicRM2.0.7-7.el9\",\"fix\":null}");
    assertThat(json).containsPattern("\\{\"name\":\"vpmem\",\"status\":\"fail\",\"detail\":\"[^\"]+\",\"fix\":\"[^\"]+\"}");
    assertThat(json).containsPattern("\"summary\":\\{\"pass\":\\d+,\"info\":\\d+,\"skip\":\\d+,\"warn\":\\d+,\"fail\":[1-9]\\d*,\"exitCode\":1}}$");
  }

  @Test
  void table_fixLineStartsUnderDetail() {
    List<Check> checks = List.of(Check.pass("powervm", "PowerVM LPAR"),
        Check.fail("bonding-module", "no bonding driver", "install it"));

    List<String> lines = Doctor.table(checks).lines().toList();

    assertThat(lines.get(0)).isEqualTo("STATUS  CHECK           DETAIL");
    assertThat(lines.get(1)).isEqualTo("PASS    powervm         PowerVM LPAR");
    assertThat(lines.get(2)).isEqualTo("FAIL    bonding-module  no bonding driver");
    assertThat(lines.get(3).indexOf("fix: install it")).isEqualTo(lines.get(0).indexOf("DETAIL"));
    assertThat(lines).contains("summary: 1 pass, 0 warn, 1 fail");
  }

  @Test
  void versionsCompareNumerically() {
    assertThat(DoctorSupport.compareVersions("9.4", "8.6")).isPositive();
    assertThat(DoctorSupport.compareVersions("15.3", "15.3")).isZero();
    assertThat(DoctorSupport.compareVersions("8.10", "8.6")).isPositive();
    assertThat(DoctorSupport.compareVersions("2.0.7-7.el8", "2.0.7-7")).isZero();
    assertThat(DoctorSupport.compareVersions("2.0.6-12", "2.0.7-7")).isNegative();
  }

  // ---------------------------------------------------------------- helpers

  private Path rpmStub(String body) throws IOException {
    Path stub = dir.resolve("fake-rpm");
    Files.writeString(stub, "#!/bin/sh\n" + body);
    stub.toFile().setExecutable(true);
    return stub;
  }

  private void rm(String rel) {
    try {
      Path p = dir.resolve(rel);
      if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try (var walk = Files.walk(p)) {
          for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(x);
          }
        }
      } else {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
