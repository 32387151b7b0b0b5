package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.Port;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Platform facts and the IBM known-issue checks (reference sections 3 and 9). */
class DiscovererPlatformTest {
  @TempDir Path dir;

  @Test
  void powervm_pseriesWithoutQemu() {
    assertThat(FakeLpar.in(dir).powervm().discover().powervm()).isTrue();
  }

  @Test
  void kvmPseriesGuest_isNotPowervm() {
    FakeLpar lpar = FakeLpar.in(dir).kvmGuest();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1p1s0");

    Discovery d = lpar.discover();

    assertThat(d.powervm()).isFalse();
    assertThat(d.hnvs()).hasSize(1); // facts are still reported; the engine decides
  }

  @Test
  void qemuOnAnyLine_isNotPowervm() {
    FakeLpar lpar = FakeLpar.in(dir)
        .cpuinfo("processor\t: 0\nplatform\t: pSeries\nmodel\t\t: IBM pSeries (emulated by qemu)\n");

    assertThat(lpar.discover().powervm()).isFalse();
  }

  @Test
  void powerNv_isNotPowervm() {
    assertThat(FakeLpar.in(dir).powerNv().discover().powervm()).isFalse();
  }

  @Test
  void platformWordMustBeExact() {
    FakeLpar lpar = FakeLpar.in(dir).cpuinfo("platform\t: pSeriesX\nmachine\t: CHRP\n");

    assertThat(lpar.discover().powervm()).isFalse();
  }

  @Test
  void noCpuinfo_isNotPowervm() {
    assertThat(FakeLpar.in(dir).discover().powervm()).isFalse();
  }

  @Test
  void migratable_whenPropertyPresent() {
    assertThat(FakeLpar.in(dir).powervm().discover().migratable()).isFalse();
    assertThat(FakeLpar.in(dir).powervm().migratable().discover().migratable()).isTrue();
  }

  @Test
  void vpmem_byCompatible_withHnv_isAProblem() {
    FakeLpar lpar = FakeLpar.in(dir).powervm().vpmem();
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");

    Discovery d = lpar.discover();

    assertThat(d.vpmem()).isTrue();
    assertThat(d.problems()).containsExactly("HNV and vPMEM cannot coexist");
  }

  @Test
  void vpmem_withoutHnv_isOnlyAFact() {
    Discovery d = FakeLpar.in(dir).powervm().vpmem().discover();

    assertThat(d.vpmem()).isTrue();
    assertThat(d.problems()).isEmpty();
  }

  @Test
  void vpmem_byDeviceType() {
    FakeLpar lpar = FakeLpar.in(dir).powervm()
        .rawProperty("/ibm,persistent-memory", "device_type", FakeLpar.cstring("ibm,persistent-memory"));

    assertThat(lpar.discover().vpmem()).isTrue();
  }

  @Test
  void vpmem_byCompatibleV2_inAStringList() {
    byte[] list = "foo,bar\0ibm,pmemory-v2\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    FakeLpar lpar = FakeLpar.in(dir).powervm()
        .rawProperty("/ibm,persistent-memory/ibm,pmemory@44100002", "compatible", list);

    assertThat(lpar.discover().vpmem()).isTrue();
  }

  @Test
  void vpmem_otherCompatible_isNot() {
    FakeLpar lpar = FakeLpar.in(dir).powervm()
        .rawProperty("/ibm,persistent-memory/x@1", "compatible", FakeLpar.cstring("ibm,pmemory-v3"));

    assertThat(lpar.discover().vpmem()).isFalse();
  }

  @Test
  void nonMellanoxPrimary_isAPortProblem() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").vendor(0x8086).iface("enP1p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");

    Discovery d = lpar.discover();

    Port vf = d.hnvs().get(0).ports().get(0);
    assertThat(vf.vendorId()).isEqualTo(0x8086);
    assertThat(vf.problems()).containsExactly(
        "SR-IOV adapter vendor 0x8086 is not Mellanox (0x15b3); IBM supports only Mellanox as HNV primary");
    assertThat(d.hnvs().get(0).ports().get(1).problems()).isEmpty();
    assertThat(vf.present()).isTrue(); // a warning, not a reason to skip the device
  }

  @Test
  void nonMellanox_fromSysfsVendor_isAPortProblem() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").noVendor().iface("enP1p1s0").sysfsVendor(0x8086);

    Port vf = lpar.discover().hnvs().get(0).ports().get(0);

    assertThat(vf.vendorId()).isEqualTo(0x8086);
    assertThat(vf.problems()).singleElement().asString().contains("0x8086 is not Mellanox");
  }

  @Test
  void moreThanTenPorts_isAProblem() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    for (int i = 0; i < 6; i++) {
      lpar.sriov(String.format("200000%02x", i), 0x100 + i, "primary");
      lpar.vnic(String.format("300000%02x", i), 0x100 + i, "backup");
    }

    Discovery d = lpar.discover();

    assertThat(d.hnvs()).hasSize(6);
    assertThat(d.problems()).containsExactly("12 HNV ports, at most 10 are supported");
  }

  @Test
  void exactlyTenPorts_isFine() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    for (int i = 0; i < 5; i++) {
      lpar.sriov(String.format("200000%02x", i), 0x100 + i, "primary");
      lpar.vnic(String.format("300000%02x", i), 0x100 + i, "backup");
    }

    assertThat(lpar.discover().problems()).isEmpty();
  }
}
