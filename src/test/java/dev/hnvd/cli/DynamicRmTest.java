package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DynamicRM contract as the HMC sees it: stdout lines and the exit status. */
class DynamicRmTest {
  @TempDir Path dir;
  FakeLpar lpar;

  @BeforeEach
  void lpar() {
    lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
  }

  @Test
  void hcnversion_firstLineIsTheFeatureList() {
    Run r = Run.of(dir, "/usr/sbin/hcnversion");
    assertThat(r.exit()).isZero();
    assertThat(r.lines().get(0)).isEqualTo("hcnmgr (features: vnic wicked)");
    assertThat(r.lines().get(1)).startsWith("hnvd ");
  }

  @Test
  void hcnmgrV_andH_exitZero_badOptionExitOne() {
    assertThat(Run.of(dir, "hcnmgr", "-V").lines().get(0)).isEqualTo("hcnmgr (features: vnic wicked)");
    Run help = Run.of(dir, "hcnmgr", "-h");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("hcncfgdrc DRC_INDEX=");
    assertThat(Run.of(dir, "hcnmgr", "-q").exit()).isEqualTo(1);
    assertThat(Run.of(dir, "hcnmgr").exit()).isEqualTo(1);
  }

  @Test
  void unknownCommandName_exitsOne() {
    Run r = Run.of(dir, "hcnfoo", "DRC_INDEX=1");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("[ERROR]:hcnfoo:");
  }

  @Test
  void notPowerVm_infoAndExitZero() {
    lpar.kvmGuest();
    Run r = Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).containsExactly(
        "[INFO]:hcnqrydev DRC_INDEX=20000011 HCN_ID=1a2b", "[INFO]:HNV is only supported on PowerVM LPAR");
  }

  @Test
  void everyLineHasALevelPrefix() {
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0").primary("enP32775p1s0");
    Run r = Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.lines()).isNotEmpty().allMatch(l -> l.matches("\\[(INFO|WARN|ERROR|DEBUG)\\]:.*"));
  }

  @Test
  void qrydev_vfOnlySlave_busy16() {
    lpar.bond("bond00001a2b", "enP32775p1s0").active("enP32775p1s0");
    Run r = Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.lines()).last().asString()
        .startsWith("[ERROR]:hcnqrydev:error code 16, Network device busy, no backup device");
  }

  @Test
  void qrydev_backupWithCarrier_safe() {
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0");
    assertThat(Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b").exit()).isZero();
  }

  @Test
  void qrydev_backupWithoutCarrier_busy() {
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0");
    lpar.iface("env3").carrier(false);
    Run r = Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("error code 16");
  }

  @Test
  void qrydev_noBond_safe_andVfInactive_safe() {
    assertThat(Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b").exit()).isZero();
    lpar.bond("bond00001a2b", "env3").active("env3");
    assertThat(Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b").exit()).isZero();
  }

  @Test
  void qrydev_vpmem_busy() {
    lpar.vpmem();
    Run r = Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("error code 16").contains("vPMEM");
  }

  @Test
  void drcIndex_hexPrefixAndUpperCaseAccepted() {
    assertThat(Run.of(dir, "hcnqrydev", "DRC_INDEX=0x20000011", "HCN_ID=0X1A2B").exit()).isZero();
    assertThat(Run.of(dir, "hcnqrydev", "DRC_INDEX=0020000011", "HCN_ID=00001a2b").exit()).isZero();
  }

  @Test
  void hcnIdMismatch_onlyWarns() {
    Run r = Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2c");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("[WARN]:HCN_ID 00001a2c does not match");
  }

  @Test
  void badValues_exitOne_beforeTouchingTheSystem() {
    for (String[] args : new String[][] {
        {"DRC_INDEX=zz", "HCN_ID=1"}, {"DRC_INDEX=100000000", "HCN_ID=1"}, {"DRC_INDEX=1", "HCN_ID=0x"},
        {"DRC_INDEX=", "HCN_ID=1"}, {"HCN_ID=1"}, {"DRC_INDEX=1", "HCN_ID=1", "BOGUS=1"}, {"DRC_INDEX=1", "garbage"}}) {
      Run r = Run.of(dir, "hcnqrydev", args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(r.out()).contains("[ERROR]:hcnqrydev:error code 22, ");
    }
  }

  @Test
  void unknownDrc_errorCode19() {
    Run r = Run.of(dir, "hcnqrydev", "DRC_INDEX=dead", "HCN_ID=1a2b");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("[ERROR]:hcnqrydev:error code 19, Failed to find device or get device name");
  }

  @Test
  void cfgdrc_stakeTokenAndDebugAccepted_noBackend_code101() {
    Run r = Run.with(java.util.Map.of("HNVD_ROOT", dir.toString(), "HNVD_BACKEND", "nm",
        "DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + dir.resolve("no-bus")), "hcncfgdrc",
        "DRC_INDEX=20000011", "STAKE_TOKEN=NULL", "-d", "1");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.lines().get(0)).isEqualTo("[INFO]:hcncfgdrc DRC_INDEX=20000011 STAKE_TOKEN=NULL -d 1");
    assertThat(r.lines()).last().asString().startsWith("[ERROR]:hcncfgdrc:error code 101, ");
  }

  @Test
  void cfgdrc_pendingInterface_errorCode19AfterBoundedWait() {
    lpar.vnic("30000004", 0x77, "backup");
    Run r = Run.of(dir, "hcncfgdrc", "DRC_INDEX=30000004");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("error code 19").contains("no network interface");
  }

  @Test
  void rootOptionOnCommandLine_overridesEnvironment() {
    Run r = Run.with(java.util.Map.of(), "hcnqrydev", "--root", dir.toString(), "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.exit()).isZero();
  }
}
