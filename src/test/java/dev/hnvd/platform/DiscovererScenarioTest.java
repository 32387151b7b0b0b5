package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import dev.hnvd.model.Role;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery of whole, well-formed LPARs built with {@link FakeLpar}. */
class DiscovererScenarioTest {
  @TempDir Path dir;

  @Test
  void sriovPlusVnic_oneHnv_bothPresent() {
    FakeLpar lpar = FakeLpar.in(dir).powervm().migratable();
    lpar.sriov("20000011", 0x1a2b, "primary").ofNode("/pci@800000020000021/ethernet@0")
        .mac("fa:00:00:00:00:01").vendor(0x15b3).iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");

    Discovery d = lpar.discover();

    assertThat(d.powervm()).isTrue();
    assertThat(d.migratable()).isTrue();
    assertThat(d.vpmem()).isFalse();
    assertThat(d.problems()).isEmpty();
    assertThat(d.hnvs()).hasSize(1);
    Hnv hnv = d.hnvs().get(0);
    assertThat(hnv.id()).isEqualTo(new HcnId(0x1a2b));
    assertThat(hnv.primary()).contains("enP32775p1s0");
    Port vf = hnv.ports().get(0);
    assertThat(vf.kind()).isEqualTo(PortKind.SRIOV);
    assertThat(vf.role()).isEqualTo(Role.PRIMARY);
    assertThat(vf.drcIndex().hex()).isEqualTo("20000011");
    assertThat(vf.ofPath()).isEqualTo("/pci@800000020000021/ethernet@0");
    assertThat(vf.mac()).isEqualTo("fa:00:00:00:00:01");
    assertThat(vf.vendorId()).isEqualTo(0x15b3);
    assertThat(vf.locCode()).startsWith("U9080.HEX");
    assertThat(vf.problems()).isEmpty();
    Port vnic = hnv.ports().get(1);
    assertThat(vnic.kind()).isEqualTo(PortKind.VNIC);
    assertThat(vnic.role()).isEqualTo(Role.BACKUP);
    assertThat(vnic.ofPath()).isEqualTo("/vdevice/vnic@30000003");
    assertThat(vnic.drcIndex().hex()).isEqualTo("30000003");
    assertThat(vnic.ifname()).isEqualTo(Optional.of("env3"));
    assertThat(vnic.vendorId()).isEqualTo(-1);
    assertThat(vnic.problems()).isEmpty();
  }

  @Test
  void sriovPlusLlan_backupIsVeth() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x77, "primary").iface("enP1p1s0");
    lpar.veth("30000002", 0x77, "backup").iface("env2");

    Discovery d = lpar.discover();

    Hnv hnv = d.hnv(new HcnId(0x77)).orElseThrow();
    assertThat(hnv.ports()).extracting(Port::kind).containsExactly(PortKind.SRIOV, PortKind.VETH);
    assertThat(hnv.ports().get(1).ofPath()).isEqualTo("/vdevice/l-lan@30000002");
    assertThat(hnv.ports().get(1).ifname()).contains("env2");
    assertThat(d.migratable()).isFalse();
    assertThat(d.problems()).isEmpty();
  }

  @Test
  void twoHnvs_sortedByIdUnsigned() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000012", 0x80000000, "primary").iface("enP2p1s0");
    lpar.vnic("30000004", 0x80000000, "backup").iface("env4");
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");

    Discovery d = lpar.discover();

    assertThat(d.hnvs()).extracting(Hnv::bondName).containsExactly("bond00001a2b", "bond80000000");
    assertThat(d.hnvs().get(1).primary()).contains("enP2p1s0");
    assertThat(d.hnvs()).allSatisfy(h -> assertThat(h.ports()).hasSize(2));
  }

  @Test
  void pendingInterface_portWithoutIfname_noGuess() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary");            // VF hot-added, no interface yet
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    lpar.iface("eth0");                                    // an unrelated interface exists

    Hnv hnv = lpar.discover().hnvs().get(0);

    Port vf = hnv.ports().get(0);
    assertThat(vf.kind()).isEqualTo(PortKind.SRIOV);
    assertThat(vf.present()).isFalse();
    assertThat(vf.state()).isEqualTo("pending");
    assertThat(vf.problems()).isEmpty();
    assertThat(hnv.primary()).isEmpty();
  }

  @Test
  void pendingInterface_appearsOnNextDiscovery() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    var vf = lpar.sriov("20000011", 0x1a2b, "primary");
    Discoverer discoverer = new Discoverer(lpar.roots());
    assertThat(discoverer.discover().hnvs().get(0).primary()).isEmpty();

    vf.iface("eth5").link().rename("enP32775p1s0");

    assertThat(discoverer.discover().hnvs().get(0).primary()).contains("enP32775p1s0");
  }

  @Test
  void nodesWithoutHcnId_areNoHnvPorts() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.emptyNode("/vdevice/l-lan@30000002").rawProperty("/vdevice/l-lan@30000002",
        "ibm,my-drc-index", FakeLpar.u32(0x30000002));
    lpar.emptyNode("/pci@800000020000099/ethernet@0");
    lpar.emptyNode("/vdevice/vty@30000000");

    Discovery d = lpar.discover();

    assertThat(d.hnvs()).isEmpty();
    assertThat(d.problems()).isEmpty();
  }

  @Test
  void emptyRoot_nothingFound_notPowervm() {
    Discovery d = new Discoverer(Roots.of(dir, null, null)).discover();

    assertThat(d.powervm()).isFalse();
    assertThat(d.hnvs()).isEmpty();
    assertThat(d.problems()).isEmpty();
  }

  @Test
  void sriov_vendorFromSysfs_whenNodeHasNone() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").noVendor().iface("enP1p1s0").sysfsVendor(0x15b3);

    Port vf = lpar.discover().hnvs().get(0).ports().get(0);

    assertThat(vf.vendorId()).isEqualTo(0x15b3);
    assertThat(vf.problems()).isEmpty();
  }

  @Test
  void sriov_vendorUnknown_whenNeitherTreeNorSysfsSayIt() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").noVendor();

    Port vf = lpar.discover().hnvs().get(0).ports().get(0);

    assertThat(vf.vendorId()).isEqualTo(-1);
    assertThat(vf.problems()).isEmpty();
  }

  @Test
  void hcnId_longerThanFourBytes_firstFourCount() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.vnic("30000003", 0, "backup").property("ibm,hcn-id", new byte[] {0, 0, 0x1a, 0x2b, 9, 9});

    assertThat(lpar.discover().hnvs()).extracting(Hnv::id).containsExactly(new HcnId(0x1a2b));
  }

  @Test
  void eightByteMac_oldFirmware_lastSixBytes() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.veth("30000002", 5, "backup")
        .property("local-mac-address", new byte[] {0, 0, (byte) 0xaa, 0xb, 0xc, 0xd, 0xe, 0xf});

    assertThat(lpar.discover().hnvs().get(0).ports().get(0).mac()).isEqualTo("aa:0b:0c:0d:0e:0f");
  }

  @Test
  void twoVfsUnderDifferentPhbs_eachHasItsPhbDrc() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 1, "primary").ofNode("/pci@800000020000021/ethernet@0");
    lpar.sriov("20000022", 2, "primary").ofNode("/pci@800000029008007/ethernet@0");

    Discovery d = lpar.discover();

    assertThat(d.hnvs()).extracting(h -> h.ports().get(0).drcIndex().hex())
        .containsExactly("20000011", "20000022");
    assertThat(d.hnvs()).extracting(h -> h.ports().get(0).ofPath())
        .containsExactly("/pci@800000020000021/ethernet@0", "/pci@800000029008007/ethernet@0");
  }

  @Test
  void deviceTreeRootIsASymlink_likeProcDeviceTree() throws Exception {
    // /proc/device-tree -> /sys/firmware/devicetree/base on a real system.
    FakeLpar lpar = FakeLpar.in(dir.resolve("fw")).powervm().vpmem();
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    java.nio.file.Files.createDirectories(dir.resolve("lpar/proc"));
    Path link = dir.resolve("lpar/proc/device-tree");
    java.nio.file.Files.createSymbolicLink(link, lpar.deviceTree());

    Discovery d = new Discoverer(Roots.of(lpar.root(), link, lpar.sysfs())).discover();

    assertThat(d.hnvs()).singleElement().satisfies(h ->
        assertThat(h.ports().get(0).ofPath()).isEqualTo("/vdevice/vnic@30000003"));
    assertThat(d.hnvs().get(0).ports().get(0).ifname()).contains("env3");
    assertThat(d.vpmem()).isTrue();
  }
}
