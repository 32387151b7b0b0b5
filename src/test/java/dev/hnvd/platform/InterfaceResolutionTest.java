package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ofpathname -l} job: devspec first, MAC second, never a guess, never a master. */
class InterfaceResolutionTest {
  @TempDir Path dir;

  private static Port port(Discovery d, String ofPath) {
    return d.hnvs().stream().flatMap(h -> h.ports().stream())
        .filter(p -> p.ofPath().equals(ofPath)).findFirst().orElseThrow();
  }

  @Test
  void devspecWithSuffix_matches() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.vnic("30000003", 1, "backup").iface("env3").devspec("/vdevice/vnic@30000003:speed=auto\n");
    lpar.device("/vdevice/vnic@30000003").orElseThrow().link().mac("02:99:99:99:99:99"); // MAC cannot help

    assertThat(port(lpar.discover(), "/vdevice/vnic@30000003").ifname()).contains("env3");
  }

  @Test
  void devspecWithoutNewline_matches() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.vnic("30000003", 1, "backup").iface("env3").devspec("/vdevice/vnic@30000003");
    lpar.device("/vdevice/vnic@30000003").orElseThrow().link().mac("02:99:99:99:99:99");

    assertThat(port(lpar.discover(), "/vdevice/vnic@30000003").ifname()).contains("env3");
  }

  @Test
  void devspecWithNuls_matches() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 1, "primary").ofNode("/pci@800000020000021/ethernet@0").iface("enP1p1s0")
        .devspec("/pci@800000020000021/ethernet@0\0\0\n");
    lpar.device("/pci@800000020000021/ethernet@0").orElseThrow().link().mac("02:99:99:99:99:99");

    assertThat(port(lpar.discover(), "/pci@800000020000021/ethernet@0").ifname()).contains("enP1p1s0");
  }

  @Test
  void devspecOfAnotherNode_doesNotMatchEvenWithSameMac() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    var vnic = lpar.vnic("30000003", 1, "backup").iface("env3");
    vnic.devspec("/vdevice/vnic@30000009\n"); // belongs to another node

    assertThat(port(lpar.discover(), "/vdevice/vnic@30000003").ifname()).isEmpty();
  }

  @Test
  void devspecPrefixOfPath_doesNotMatch() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.vnic("30000003", 1, "backup").iface("env3").devspec("/vdevice/vnic@3000000\n");
    lpar.device("/vdevice/vnic@30000003").orElseThrow().link().mac("02:99:99:99:99:99");

    assertThat(port(lpar.discover(), "/vdevice/vnic@30000003").ifname()).isEmpty();
  }

  @Test
  void macFallback_whenNoDevspec() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.vnic("30000003", 1, "backup").mac("02:00:00:00:30:03").ifaceByMac("veth-b");

    assertThat(port(lpar.discover(), "/vdevice/vnic@30000003").ifname()).contains("veth-b");
  }

  @Test
  void macFallback_caseInsensitive() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.vnic("30000003", 1, "backup").mac("02:00:00:00:AB:CD");
    lpar.iface("veth-b").mac("02:00:00:00:ab:cd").address("02:00:00:00:AB:CD");

    assertThat(port(lpar.discover(), "/vdevice/vnic@30000003").ifname()).contains("veth-b");
  }

  @Test
  void devspecPreferredOverMac() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.vnic("30000003", 1, "backup").mac("02:00:00:00:30:03").iface("env3");
    lpar.iface("impostor").mac("02:00:00:00:30:03");

    Port p = port(lpar.discover(), "/vdevice/vnic@30000003");

    assertThat(p.ifname()).contains("env3");
    assertThat(p.problems()).isEmpty();
  }

  @Test
  void sameMacOnTwoInterfaces_noDevspec_pendingWithProblem() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.vnic("30000003", 1, "backup").mac("02:00:00:00:30:03");
    lpar.iface("a").mac("02:00:00:00:30:03");
    lpar.iface("b").mac("02:00:00:00:30:03");

    Port p = port(lpar.discover(), "/vdevice/vnic@30000003");

    assertThat(p.ifname()).isEmpty();
    assertThat(p.problems()).containsExactly(
        "MAC 02:00:00:00:30:03 of /vdevice/vnic@30000003 is on several interfaces (a, b); not guessing which one");
  }

  @Test
  void twoNodesSameMac_oneInterface_bothPendingWithProblem() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 1, "primary").mac("02:00:00:00:00:01").ifaceByMac("x");
    lpar.vnic("30000003", 1, "backup").mac("02:00:00:00:00:01");

    Discovery d = lpar.discover();

    assertThat(d.hnvs().get(0).ports()).allSatisfy(p -> {
      assertThat(p.ifname()).isEmpty();
      assertThat(p.problems()).singleElement().asString().contains("interface x matched by MAC is also claimed by");
    });
  }

  @Test
  void permHwaddrFallback_forEnslavedInterfaceCarryingTheBondMac() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").mac("02:00:00:00:00:01").ifaceByMac("vf");
    lpar.vnic("30000003", 0x1a2b, "backup").mac("02:00:00:00:00:02").ifaceByMac("bk");
    lpar.bond("bond00001a2b", "vf", "bk").failOverMac("none 0");
    // With fail_over_mac none every slave shows the bond's (the VF's) MAC.
    assertThat(lpar.kernel().link("bk").orElseThrow().mac()).isEqualTo("02:00:00:00:00:01");

    Hnv hnv = lpar.discover().hnvs().get(0);

    assertThat(hnv.ports()).extracting(p -> p.ifname().orElse("?")).containsExactly("vf", "bk");
    assertThat(hnv.ports()).allSatisfy(p -> assertThat(p.problems()).isEmpty());
  }

  @Test
  void neverResolvesToBondMaster_whenVfGone() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    var vf = lpar.sriov("20000011", 0x1a2b, "primary").mac("02:00:00:00:00:01").ifaceByMac("vf");
    lpar.vnic("30000003", 0x1a2b, "backup").mac("02:00:00:00:00:02").ifaceByMac("bk");
    lpar.bond("bond00001a2b", "vf", "bk");
    assertThat(lpar.kernel().link("bond00001a2b").orElseThrow().mac()).isEqualTo("02:00:00:00:00:01");

    vf.pending(); // the VF left (LPM); the bond keeps the VF's MAC

    Port p = port(lpar.discover(), vf.ofPath());
    assertThat(p.ifname()).isEmpty();
    assertThat(p.problems()).isEmpty();
  }

  @Test
  void neverResolvesToBridge() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    var vnic = lpar.vnic("30000003", 1, "backup").mac("02:00:00:00:00:02").ifaceByMac("bk");
    lpar.bridge("br0", "bk");
    vnic.pending();

    assertThat(port(lpar.discover(), vnic.ofPath()).ifname()).isEmpty();
  }

  @Test
  void neverResolvesToVlanOnTop() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    var vnic = lpar.vnic("30000003", 1, "backup").mac("02:00:00:00:00:02").ifaceByMac("bk");
    lpar.iface("bk.100").mac("02:00:00:00:00:02");
    Path vlan = lpar.iface("bk.100").dir();
    Files.createSymbolicLink(vlan.resolve("lower_bk"), vnic.link().dir());

    Port p = port(lpar.discover(), vnic.ofPath());

    assertThat(p.ifname()).contains("bk");
    assertThat(p.problems()).isEmpty();
  }

  @Test
  void zeroMac_neverMatchesLoopback() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.vnic("30000003", 1, "backup").mac("00:00:00:00:00:00");
    lpar.iface("lo").mac("00:00:00:00:00:00");

    assertThat(port(lpar.discover(), "/vdevice/vnic@30000003").ifname()).isEqualTo(Optional.empty());
  }

  @Test
  void deviceTreeOnly_resolvesAgainstAnotherSysfsByMac() throws Exception {
    // A rig: the tree is fake, the links are "real" (here: another fake LPAR's sysfs).
    FakeLpar host = FakeLpar.in(dir.resolve("host"));
    host.iface("veth-vf").mac("02:00:00:00:00:01");
    host.iface("veth-bk").mac("02:00:00:00:00:02");
    FakeLpar rig = FakeLpar.deviceTreeOnly(dir.resolve("rig"), host.sysfs()).powervm();
    rig.sriov("20000011", 0x1a2b, "primary").mac("02:00:00:00:00:01");
    rig.vnic("30000003", 0x1a2b, "backup").mac("02:00:00:00:00:02");

    Hnv hnv = rig.discover().hnvs().get(0);

    assertThat(hnv.ports()).extracting(p -> p.ifname().orElse("?")).containsExactly("veth-vf", "veth-bk");
    assertThat(rig.roots().sysfs()).isEqualTo(host.sysfs());
  }
}
