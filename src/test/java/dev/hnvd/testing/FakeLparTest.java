package dev.hnvd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture writes what the kernel and firmware would, byte for byte. */
class FakeLparTest {
  @TempDir Path dir;

  @Test
  void sriov_writesPhbDrcAndVfProperties() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir);
    lpar.sriov("20000011", 0x1a2b, "primary").ofNode("/pci@800000020000021/ethernet@0").mac("fa:00:00:00:00:01");

    Path phb = dir.resolve("proc/device-tree/pci@800000020000021");
    assertThat(Files.readAllBytes(phb.resolve("ibm,my-drc-index"))).containsExactly(0x20, 0, 0, 0x11);
    assertThat(Files.readAllBytes(phb.resolve("ethernet@0/ibm,hcn-id"))).containsExactly(0, 0, 0x1a, 0x2b);
    assertThat(Files.readAllBytes(phb.resolve("ethernet@0/ibm,hcn-mode"))).isEqualTo("primary\0".getBytes());
    assertThat(Files.readAllBytes(phb.resolve("ethernet@0/local-mac-address")))
        .containsExactly(0xfa, 0, 0, 0, 0, 1);
    assertThat(Files.readAllBytes(phb.resolve("ethernet@0/vendor-id"))).containsExactly(0, 0, 0x15, 0xb3);
    // The default placement was moved away, not left behind.
    assertThat(dir.resolve("proc/device-tree/pci@800000020000011")).doesNotExist();
  }

  @Test
  void vnicIface_writesSysfsLikeTheKernel() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir);
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");

    Path link = dir.resolve("sys/class/net/env3");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(link.resolve("device/devspec"))).isEqualTo("/vdevice/vnic@30000003\n");
    assertThat(Files.readString(link.resolve("address"))).isEqualTo("fa:ce:30:00:00:03\n");
    assertThat(Files.readString(link.resolve("carrier"))).isEqualTo("1\n");
    assertThat(link.toRealPath()).isEqualTo(dir.resolve("sys/devices/vio/30000003/net/env3").toRealPath());
  }

  @Test
  void bond_writesBondingFilesAndSlaveLinks() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir);
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    lpar.bond("bond00001a2b", "enP1p1s0", "env3").primary("enP1p1s0");

    Path b = dir.resolve("sys/class/net/bond00001a2b/bonding");
    assertThat(Files.readString(b.resolve("mode"))).isEqualTo("active-backup 1\n");
    assertThat(Files.readString(b.resolve("slaves"))).isEqualTo("enP1p1s0 env3\n");
    assertThat(Files.readString(b.resolve("active_slave"))).isEqualTo("enP1p1s0\n");
    assertThat(Files.readString(b.resolve("primary"))).isEqualTo("enP1p1s0\n");
    assertThat(Files.readString(b.resolve("fail_over_mac"))).isEqualTo("follow 2\n");
    Path env3 = dir.resolve("sys/class/net/env3");
    assertThat(Files.readSymbolicLink(env3.resolve("master")).getFileName().toString()).isEqualTo("bond00001a2b");
    assertThat(Files.readString(env3.resolve("bonding_slave/perm_hwaddr"))).isEqualTo("fa:ce:30:00:00:03\n");
    // Still there after the bond's own interface is rewritten.
    lpar.iface("bond00001a2b").carrier(false);
    assertThat(Files.readString(b.resolve("slaves"))).isEqualTo("enP1p1s0 env3\n");
  }

  @Test
  void removeAndPending_cleanUp() {
    FakeLpar lpar = FakeLpar.in(dir);
    var vnic = lpar.vnic("30000003", 1, "backup").iface("env3");

    vnic.pending();
    assertThat(dir.resolve("sys/class/net/env3")).doesNotExist();
    assertThat(vnic.node()).exists();

    vnic.remove();
    assertThat(vnic.node()).doesNotExist();
    assertThat(lpar.devices()).isEmpty();
  }

  @Test
  void deviceTreeOnly_refusesToTouchSysfs() {
    FakeLpar lpar = FakeLpar.deviceTreeOnly(dir, dir.resolve("realsys"));
    var vnic = lpar.vnic("30000003", 1, "backup");

    assertThatThrownBy(() -> vnic.iface("env3")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> lpar.iface("eth0")).isInstanceOf(IllegalStateException.class);
    assertThat(dir.resolve("realsys")).doesNotExist();
  }

  @Test
  void duplicateDevice_refused() {
    FakeLpar lpar = FakeLpar.in(dir);
    lpar.vnic("30000003", 1, "backup");

    assertThatThrownBy(() -> lpar.vnic("30000003", 2, "backup")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void exampleHnv_isDiscoveredAsDocumented() {
    FakeLpar lpar = FakeLpar.in(dir).exampleHnv();

    var d = lpar.discover();

    assertThat(d.powervm()).isTrue();
    assertThat(d.problems()).isEmpty();
    assertThat(d.hnvs()).singleElement().satisfies(h -> {
      assertThat(h.bondName()).isEqualTo("bond00001a2b");
      assertThat(h.ports()).extracting(p -> p.ifname().orElse("?")).containsExactly("enP32775p1s0", "env3");
      assertThat(h.ports()).extracting(p -> p.drcIndex().hex()).containsExactly("20000011", "30000003");
      assertThat(h.ports()).extracting(p -> p.mac()).containsExactly("fa:ce:20:00:00:11", "fa:ce:30:00:00:03");
    });
    assertThat(lpar.tree()).contains("proc/device-tree/vdevice/vnic@30000003/ibm,hcn-id = \"\\x00\\x00\\x1a+\"");
  }
}
