package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.model.Role;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken device gets a clear problem and is skipped or flagged; the healthy HNV next to it is
 * always still found.
 */
class DiscovererMalformedTest {
  @TempDir Path dir;
  FakeLpar lpar;

  @BeforeEach
  void healthyHnv() {
    lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
  }

  private static Port onlyPortOf(Discovery d, int hcnId) {
    Hnv hnv = d.hnvs().stream().filter(h -> h.id().value() == hcnId).findFirst().orElseThrow();
    assertThat(hnv.ports()).hasSize(1);
    return hnv.ports().get(0);
  }

  private void assertHealthyHnvStillFound(Discovery d) {
    Hnv hnv = d.hnvs().stream().filter(h -> h.id().value() == 0x1a2b).findFirst().orElseThrow();
    assertThat(hnv.ports()).extracting(p -> p.ifname().orElse("?")).containsExactly("enP1p1s0", "env3");
  }

  @Test
  void truncatedHcnId_deviceIgnoredWithProblem() {
    lpar.vnic("30000004", 0x99, "backup").property("ibm,hcn-id", new byte[] {0x1a, 0x2b});

    Discovery d = lpar.discover();

    assertThat(d.problems()).containsExactly(
        "/vdevice/vnic@30000004: ibm,hcn-id has 2 bytes, expected at least 4; device ignored");
    assertThat(d.hnvs()).hasSize(1);
    assertHealthyHnvStillFound(d);
  }

  @Test
  void emptyHcnId_deviceIgnoredWithProblem() {
    lpar.sriov("20000012", 0x99, "primary").property("ibm,hcn-id", new byte[0]);

    Discovery d = lpar.discover();

    assertThat(d.problems()).singleElement().asString()
        .startsWith("/pci@800000020000012/ethernet@0: ibm,hcn-id has 0 bytes");
    assertHealthyHnvStillFound(d);
  }

  @Test
  void hcnIdIsADirectory_deviceIgnoredWithProblem() throws Exception {
    var bad = lpar.vnic("30000004", 0x99, "backup");
    Files.delete(bad.node().resolve("ibm,hcn-id"));
    Files.createDirectory(bad.node().resolve("ibm,hcn-id"));

    Discovery d = lpar.discover();

    assertThat(d.problems()).containsExactly(
        "/vdevice/vnic@30000004: ibm,hcn-id is not a regular file; device ignored");
    assertHealthyHnvStillFound(d);
  }

  @Test
  void nonUtf8HcnMode_portFlaggedAndTreatedAsBackup() {
    lpar.veth("30000005", 0x99, "primary").property("ibm,hcn-mode", new byte[] {(byte) 0xff, (byte) 0xfe, 0});

    Discovery d = lpar.discover();

    Port p = onlyPortOf(d, 0x99);
    assertThat(p.role()).isEqualTo(Role.BACKUP);
    assertThat(p.problems()).containsExactly("ibm,hcn-mode is not valid UTF-8; treated as backup");
    assertThat(d.problems()).isEmpty();
    assertHealthyHnvStillFound(d);
  }

  @Test
  void missingHcnMode_backupWithProblem() {
    lpar.veth("30000005", 0x99, null);

    Port p = onlyPortOf(lpar.discover(), 0x99);

    assertThat(p.role()).isEqualTo(Role.BACKUP);
    assertThat(p.problems()).containsExactly("ibm,hcn-mode missing or empty; treated as backup");
  }

  @Test
  void hcnModeWithPaddingAfterNul_isPrimary() {
    lpar.sriov("20000012", 0x99, null).property("ibm,hcn-mode", "primary\0\0\0junk".getBytes());

    Port p = onlyPortOf(lpar.discover(), 0x99);

    assertThat(p.role()).isEqualTo(Role.PRIMARY);
    assertThat(p.problems()).isEmpty();
  }

  @Test
  void missingDrcIndexOnVnic_deviceIgnoredWithProblem() {
    lpar.vnic("30000004", 0x99, "backup").drcProperty(null);

    Discovery d = lpar.discover();

    assertThat(d.problems()).containsExactly("/vdevice/vnic@30000004: ibm,my-drc-index is missing; device ignored");
    assertHealthyHnvStillFound(d);
  }

  @Test
  void missingDrcIndexOnPhb_problemNamesThePhb() {
    lpar.sriov("20000012", 0x99, "primary").drcProperty(null);

    Discovery d = lpar.discover();

    assertThat(d.problems()).containsExactly("/pci@800000020000012/ethernet@0: ibm,my-drc-index of "
        + "/pci@800000020000012 is missing; device ignored");
    assertHealthyHnvStillFound(d);
  }

  @Test
  void truncatedDrcIndex_deviceIgnoredWithProblem() {
    lpar.veth("30000005", 0x99, "backup").drcProperty(new byte[] {0x30, 0});

    Discovery d = lpar.discover();

    assertThat(d.problems()).containsExactly(
        "/vdevice/l-lan@30000005: ibm,my-drc-index has 2 bytes, expected at least 4; device ignored");
    assertHealthyHnvStillFound(d);
  }

  @Test
  void badMacLength_portFlaggedMacEmpty() {
    lpar.vnic("30000004", 0x99, "backup").property("local-mac-address", new byte[] {1, 2, 3});

    Port p = onlyPortOf(lpar.discover(), 0x99);

    assertThat(p.mac()).isEmpty();
    assertThat(p.problems()).containsExactly("local-mac-address has 3 bytes, expected 6");
  }

  @Test
  void truncatedVendorId_portFlaggedVendorUnknown() {
    lpar.sriov("20000012", 0x99, "primary").property("vendor-id", new byte[] {0x15});

    Port p = onlyPortOf(lpar.discover(), 0x99);

    assertThat(p.vendorId()).isEqualTo(-1);
    assertThat(p.problems()).containsExactly("vendor-id has 1 bytes, expected at least 4");
  }

  @Test
  void propertySymlinkLoop_deviceIgnoredNoHang() throws Exception {
    var bad = lpar.vnic("30000004", 0x99, "backup");
    Path hcn = bad.node().resolve("ibm,hcn-id");
    Files.delete(hcn);
    Files.createSymbolicLink(hcn, hcn);

    Discovery d = lpar.discover();

    assertThat(d.problems()).containsExactly(
        "/vdevice/vnic@30000004: ibm,hcn-id is not a regular file; device ignored");
    assertHealthyHnvStillFound(d);
  }

  @Test
  void nodeSymlinkLoopInTree_isNotFollowed() throws Exception {
    Files.createSymbolicLink(lpar.deviceTree().resolve("vdevice/vnic@3000000f"), lpar.deviceTree().resolve("vdevice"));
    Files.createSymbolicLink(lpar.deviceTree().resolve("pci@loop"), lpar.deviceTree());

    Discovery d = lpar.discover();

    assertThat(d.hnvs()).hasSize(1);
    assertThat(d.problems()).isEmpty();
    assertHealthyHnvStillFound(d);
  }

  @Test
  void classNetSymlinkLoop_isSkipped() throws Exception {
    Path net = lpar.sysfs().resolve("class/net");
    Files.createSymbolicLink(net.resolve("loop1"), net.resolve("loop1"));
    Files.createSymbolicLink(net.resolve("dangling"), net.resolve("nowhere"));

    Discovery d = lpar.discover();

    assertThat(d.problems()).isEmpty();
    assertHealthyHnvStillFound(d);
  }

  @Test
  void devspecSymlinkLoop_fallsBackToMac() throws Exception {
    lpar.device("/vdevice/vnic@30000003").orElseThrow().link().noDevspec();
    Path devspec = lpar.sysfs().resolve("class/net/env3/device/devspec");
    Files.createSymbolicLink(devspec, devspec);

    assertHealthyHnvStillFound(lpar.discover());
  }

  @Test
  void garbageDevspec_fallsBackToMac() {
    lpar.device("/vdevice/vnic@30000003").orElseThrow().devspec("\u00ff\u00fe garbage \n");

    Discovery d = lpar.discover();

    assertHealthyHnvStillFound(d);
    assertThat(d.hnvs().get(0).ports().get(1).problems()).isEmpty();
  }

  @Test
  void garbageCpuinfo_notPowervm_discoveryGoesOn() {
    lpar.cpuinfo("\u0000\u0001platform\n:::\n");

    Discovery d = lpar.discover();

    assertThat(d.powervm()).isFalse();
    assertHealthyHnvStillFound(d);
  }
}
