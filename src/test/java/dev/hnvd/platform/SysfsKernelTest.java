package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel truth read from a fake sysfs, values normalised the way the planner compares them. */
class SysfsKernelTest {
  @TempDir Path dir;
  FakeLpar lpar;
  SysfsKernel kernel;

  @BeforeEach
  void lpar() {
    lpar = FakeLpar.in(dir).powervm();
    kernel = lpar.kernel();
  }

  @Test
  void bond_activeBackup1_follow2_normalised() {
    lpar.iface("enP1p1s0").mac("02:00:00:00:00:01");
    lpar.iface("env3").mac("02:00:00:00:00:02");
    lpar.bond("bond00001a2b", "enP1p1s0", "env3").primary("enP1p1s0");

    BondState b = kernel.bond("bond00001a2b").orElseThrow();

    assertThat(b).isEqualTo(new BondState("bond00001a2b", "active-backup", List.of("enP1p1s0", "env3"),
        "enP1p1s0", "enP1p1s0", "follow", 100));
  }

  @Test
  void bond_slavesIsOneSpaceSeparatedLine() throws Exception {
    lpar.bond("bond0", "a", "b", "c");
    assertThat(Files.readString(lpar.iface("bond0").dir().resolve("bonding/slaves"))).isEqualTo("a b c\n");

    assertThat(kernel.bond("bond0").orElseThrow().slaves()).containsExactly("a", "b", "c");
  }

  @Test
  void bond_emptySlavesActivePrimary() {
    lpar.bond("bond0").active(null);

    BondState b = kernel.bond("bond0").orElseThrow();

    assertThat(b.slaves()).isEmpty();
    assertThat(b.activeSlave()).isEmpty();
    assertThat(b.primary()).isEmpty();
  }

  @Test
  void bond_garbageAndMissingFiles_defaults() {
    lpar.bond("bond0", "a").miimon("lots").attribute("mode", null).attribute("fail_over_mac", "")
        .attribute("slaves", null);

    BondState b = kernel.bond("bond0").orElseThrow();

    assertThat(b.miimon()).isEqualTo(-1);
    assertThat(b.mode()).isEmpty();
    assertThat(b.failOverMac()).isEmpty();
    assertThat(b.activeSlave()).isEqualTo("a");
  }

  @Test
  void bond_slavesWithExtraWhitespace() {
    lpar.bond("bond0", "a").attribute("slaves", "  a\tb  \n");

    assertThat(kernel.bond("bond0").orElseThrow().slaves()).containsExactly("a", "b");
  }

  @Test
  void bond_notABondOrAbsent_empty() {
    lpar.iface("eth0");

    assertThat(kernel.bond("eth0")).isEmpty();
    assertThat(kernel.bond("nope")).isEmpty();
    assertThat(kernel.bond("../../..")).isEmpty();
    assertThat(kernel.link("../class")).isEmpty();
    assertThat(kernel.link("")).isEmpty();
  }

  @Test
  void bonds_onlyBonds() {
    lpar.iface("eth0");
    lpar.bond("bond1", "x");
    lpar.bond("bond2", "y");

    assertThat(kernel.bonds()).containsOnlyKeys("bond1", "bond2");
  }

  @Test
  void link_carrierMasterMac() {
    lpar.iface("enP1p1s0").mac("02:AB:00:00:00:01");
    lpar.bond("bond00001a2b", "enP1p1s0");

    Link l = kernel.link("enP1p1s0").orElseThrow();

    assertThat(l).isEqualTo(new Link("enP1p1s0", true, "up", "bond00001a2b", "02:ab:00:00:00:01"));
  }

  @Test
  void link_carrierZero_isDown() {
    lpar.iface("eth0").carrier(false);

    Link l = kernel.link("eth0").orElseThrow();

    assertThat(l.carrier()).isFalse();
    assertThat(l.operstate()).isEqualTo("down");
  }

  @Test
  void link_carrierUnreadable_isDownNoThrow() throws Exception {
    lpar.iface("eth0").carrierUnreadable();
    assertThat(kernel.link("eth0").orElseThrow().carrier()).isFalse();

    // A directory where a file should be: reading fails like EINVAL would.
    Files.createDirectory(lpar.iface("eth0").dir().resolve("carrier"));
    assertThat(kernel.link("eth0").orElseThrow().carrier()).isFalse();
  }

  @Test
  void link_carrierGarbage_isDown() {
    lpar.iface("eth0").file("carrier", "yes\n");

    assertThat(kernel.link("eth0").orElseThrow().carrier()).isFalse();
  }

  @Test
  void link_noMaster_emptyMissingFiles_defaults() throws Exception {
    lpar.iface("eth0");
    Files.delete(lpar.iface("eth0").dir().resolve("operstate"));
    Files.delete(lpar.iface("eth0").dir().resolve("address"));

    assertThat(kernel.link("eth0").orElseThrow()).isEqualTo(new Link("eth0", true, "", "", ""));
  }

  @Test
  void links_readFreshEveryCall_andSkipLoops() throws Exception {
    lpar.iface("eth0");
    Path net = lpar.sysfs().resolve("class/net");
    Files.createSymbolicLink(net.resolve("loop"), net.resolve("loop"));
    assertThat(kernel.links()).containsOnlyKeys("eth0");

    lpar.iface("eth1").carrier(false);
    lpar.iface("eth0").remove();

    assertThat(kernel.links()).containsOnlyKeys("eth1");
    assertThat(kernel.links().get("eth1").carrier()).isFalse();
  }

  @Test
  void missingSysfs_emptyNoThrow() {
    SysfsKernel none = new SysfsKernel(dir.resolve("no-such-sysfs"));

    assertThat(none.links()).isEmpty();
    assertThat(none.bonds()).isEmpty();
    assertThat(none.link("eth0")).isEmpty();
  }
}
