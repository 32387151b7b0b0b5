package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DynamicRM commands and the boot scan on a SLES LPAR driven by wicked (ifcfg files). wicked
 * is not running here (no systemd), so the files are prepared for its next start and no wicked
 * program is called: hcnmgr called ifup regardless.
 */
class DynamicRmWickedTest {
  static final String BOND_FILE = "etc/sysconfig/network/ifcfg-bond00001a2b";

  @TempDir Path dir;
  FakeLpar lpar;
  Map<String, String> env;

  @BeforeEach
  void lpar() throws IOException {
    lpar = FakeLpar.in(dir).powervm().osRelease("sles", "15.5");
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    lpar.sriov("20000022", 0x77, "primary").iface("enP2");
    Files.createDirectories(dir.resolve("etc/sysconfig/network"));
    // A wicked that must never run: it would leave a trace.
    Path wicked = dir.resolve("usr/sbin/wicked");
    Files.createDirectories(wicked.getParent());
    Files.writeString(wicked, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("wicked-called") + "\n");
    wicked.toFile().setExecutable(true);
    env = Map.of("HNVD_ROOT", dir.toString(), "HNVD_BACKEND", "wicked", "HNVD_RESOLVE_SECONDS", "0",
        "DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + dir.resolve("no-bus"));
  }

  private Run run(String cmd, String... args) {
    return Run.with(env, cmd, args);
  }

  private String bondFile() throws IOException {
    return Files.readString(dir.resolve(BOND_FILE));
  }

  @Test
  void cfgdrc_writesTheBondFile_secondRunWritesNothing() throws IOException {
    Run r = run("hcncfgdrc", "DRC_INDEX=20000011");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(bondFile()).contains("HNVD_OWNER='hnvd'", "BONDING_MASTER='yes'", "STARTMODE='auto'",
        "BONDING_MODULE_OPTS='mode=active-backup miimon=100 fail_over_mac=follow primary=enP32775p1s0'",
        "BONDING_SLAVE_1='enP32775p1s0'", "BONDING_SLAVE_2='env3'");
    String before = bondFile();

    Run again = run("hcncfgdrc", "DRC_INDEX=30000003");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("[INFO]:0 profile change(s)");
    assertThat(bondFile()).isEqualTo(before);
    assertThat(dir.resolve("wicked-called")).doesNotExist();
  }

  @Test
  void rmdev_removesTheSlaveAndClearsPrimary_rmhcn_deletesTheFile() throws IOException {
    assertThat(run("hcnmgr", "-s").exit()).isZero();

    Run rmdev = run("hcnrmdev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(rmdev.exit()).as(rmdev.out()).isZero();
    assertThat(bondFile()).contains("BONDING_SLAVE_1='env3'").doesNotContain("enP32775p1s0");

    Run rmhcn = run("hcnrmhcn", "HCN_ID=1a2b");
    assertThat(rmhcn.exit()).as(rmhcn.out()).isZero();
    assertThat(dir.resolve(BOND_FILE)).doesNotExist();
    assertThat(dir.resolve("etc/sysconfig/network/ifcfg-bond00000077")).exists();
  }

  @Test
  void scan_removesTheBondOfAVanishedId_neverAForeignFile() throws IOException {
    Path foreign = dir.resolve("etc/sysconfig/network/ifcfg-bond0000beef");
    String foreignText = "# made by YaST\nBONDING_MASTER='yes'\nBONDING_SLAVE_0='eth9'\nBOOTPROTO='dhcp'\n";
    Files.writeString(foreign, foreignText);
    assertThat(run("hcnmgr", "-s").exit()).isZero();
    assertThat(dir.resolve(BOND_FILE)).exists();

    lpar.device("/pci@800000020000011/ethernet@0").ifPresent(d -> d.remove());
    lpar.device("/vdevice/vnic@30000003").ifPresent(d -> d.remove());
    Run scan = run("hcnmgr", "-s");

    assertThat(scan.exit()).as(scan.out()).isZero();
    assertThat(scan.out()).contains("[INFO]:remove bond bond00001a2b");
    assertThat(dir.resolve(BOND_FILE)).doesNotExist();
    assertThat(Files.readString(foreign)).isEqualTo(foreignText);
    Run rmhcn = run("hcnrmhcn", "HCN_ID=beef");
    assertThat(rmhcn.exit()).isZero();
    assertThat(Files.readString(foreign)).isEqualTo(foreignText);
  }

  @Test
  void qrydev_answersFromTheKernel_onWickedToo() {
    lpar.bond("bond00001a2b", "enP32775p1s0").active("enP32775p1s0");
    Run q = run("hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(q.exit()).isEqualTo(1);
    assertThat(q.out()).contains("[ERROR]:hcnqrydev:error code 16, Network device busy, no backup device");
  }
}
