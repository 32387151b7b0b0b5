package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Discovery;
import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device trees the firmware should never present are reported, naming the nodes, by
 * {@code hnvctl discover} and {@code hnvctl doctor}; DynamicRM commands refuse a DRC index that
 * names two nodes instead of picking one. The usual HNV (VF 20000011, vNIC 30000003, HCN 0x1a2b)
 * is always there, so each case also shows that the rest of the tree is still served.
 */
class InconsistentTreeTest {
  @TempDir Path dir;
  FakeLpar lpar;

  @BeforeEach
  void lpar() {
    lpar = FakeLpar.in(dir).exampleHnv();
  }

  private String discoverJson() {
    Run r = Run.of(dir, "hnvctl", "discover", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"ifname\": \"enP32775p1s0\"");
    return r.out();
  }

  private String doctor() {
    return Run.of(dir, "hnvctl", "doctor").out();
  }

  @Test
  void twoNodesOneDrcIndex_reported_andDynamicRmRefusesIt() {
    lpar.veth("30000007", 0x1a2b, "backup");
    lpar.vnic("30000007", 0x77, "backup");
    String problem = "DRC index 30000007 is carried by 2 device-tree nodes (/vdevice/l-lan@30000007, "
        + "/vdevice/vnic@30000007)";
    assertThat(discoverJson()).contains(problem);
    assertThat(doctor()).contains(problem);
    for (String[] cmd : new String[][] {{"hcnqrydev", "DRC_INDEX=30000007", "HCN_ID=1a2b"},
        {"hcnrmdev", "DRC_INDEX=30000007", "HCN_ID=1a2b"}, {"hcncfgdrc", "DRC_INDEX=30000007"}}) {
      Run r = Run.of(dir, cmd[0], cmd[1], cmd.length > 2 ? cmd[2] : "STAKE_TOKEN=NULL");
      assertThat(r.exit()).as(r.out()).isEqualTo(1);
      assertThat(r.lines()).last().asString()
          .startsWith("[ERROR]:" + cmd[0] + ":error code 19, Failed to find device or get device name")
          .contains("/vdevice/l-lan@30000007").contains("/vdevice/vnic@30000007").contains("refusing to pick one");
    }
    // An unambiguous index still works.
    assertThat(Run.of(dir, "hcnqrydev", "DRC_INDEX=30000003", "HCN_ID=1a2b").exit()).isZero();
  }

  @Test
  void twoAndThreePrimaries_inOneHcn_reported() {
    lpar.vnic("30000004", 0x1a2b, "primary");
    assertThat(discoverJson()).contains("HCN 00001a2b has 2 ports with ibm,hcn-mode primary "
        + "(/pci@800000020000021/ethernet@0, /vdevice/vnic@30000004)");
    lpar.veth("30000005", 0x1a2b, "primary");
    assertThat(discoverJson()).contains("HCN 00001a2b has 3 ports with ibm,hcn-mode primary");
    assertThat(doctor()).contains("HCN 00001a2b has 3 ports with ibm,hcn-mode primary");
  }

  @Test
  void morePortsInOneHnvThanThePlatformAllows_reportedWithTheNodes() {
    for (int i = 0; i < 10; i++) {
      lpar.vnic(String.format("300001%02x", i), 0x1a2b, "backup");
    }
    String json = discoverJson();
    assertThat(json).contains("HCN 00001a2b has 12 ports (").contains("/vdevice/vnic@30000109")
        .contains("the platform allows no more than 10 HNV ports");
    assertThat(doctor()).contains("HCN 00001a2b has 12 ports");
  }

  @Test
  void eightByteHcnId_reportedAndIgnored() {
    lpar.vnic("30000004", 0x77, "backup").property("ibm,hcn-id", new byte[] {0, 0, 0, 0, 0, 0, 0, 0x77});
    assertThat(discoverJson()).contains("/vdevice/vnic@30000004: ibm,hcn-id has 8 bytes, expected 4, and its first cell 0x00000000 is not a valid HCN id")
        .doesNotContain("\"hcnId\": \"00000000\"");
    assertThat(doctor()).contains("/vdevice/vnic@30000004: ibm,hcn-id has 8 bytes");
    // A usable first cell is used as hcnmgr did, and said.
    lpar.veth("30000005", 0x77, "backup").property("ibm,hcn-id", new byte[] {0, 0, 0, 0x77, 0, 0, 0, 1});
    assertThat(discoverJson()).contains("\"hcnId\": \"00000077\"")
        .contains("ibm,hcn-id has 8 bytes, expected 4 (one 32-bit cell); its first 4 are used");
    assertThat(doctor()).contains("/vdevice/l-lan@30000005: ibm,hcn-id has 8 bytes, expected 4 (one 32-bit cell)");
  }

  @Test
  void hcnIdsZeroAndAllOnes_reportedAndIgnored() {
    lpar.vnic("30000004", 0, "backup");
    lpar.veth("30000005", 0xffffffff, "backup");
    String json = discoverJson();
    assertThat(json).contains("/vdevice/vnic@30000004: ibm,hcn-id 0x00000000 is not a valid HCN id")
        .contains("/vdevice/l-lan@30000005: ibm,hcn-id 0xffffffff is not a valid HCN id")
        .doesNotContain("bond00000000").doesNotContain("bondffffffff");
    assertThat(doctor()).contains("ibm,hcn-id 0x00000000 is not a valid HCN id");
  }

  @Test
  void pseriesCpuinfo_withoutDeviceTree_reported() throws IOException {
    Path dt = lpar.deviceTree();
    Path moved = dir.resolve("dt-elsewhere");
    Files.move(dt, moved);
    Run r = Run.of(dir, "hnvctl", "discover", "--json");
    assertThat(r.out()).contains(dt + " is missing although /proc/cpuinfo says pSeries");
    assertThat(doctor()).contains("is missing although /proc/cpuinfo says pSeries");
    // A loop: proc/device-tree -> proc/loop -> proc/device-tree.
    Files.createSymbolicLink(dt, dt.resolveSibling("loop"));
    Files.createSymbolicLink(dt.resolveSibling("loop"), dt);
    r = Run.of(dir, "hnvctl", "discover", "--json");
    assertThat(r.out()).contains(dt + " cannot be opened although /proc/cpuinfo says pSeries (a symbolic link loop)");
    Discovery d = lpar.discover();
    assertThat(d.hnvs()).isEmpty();
  }
}
