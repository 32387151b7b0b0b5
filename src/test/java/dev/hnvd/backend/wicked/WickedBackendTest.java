package dev.hnvd.backend.wicked;

import static dev.hnvd.backend.wicked.WickedRig.BOND;
import static dev.hnvd.backend.wicked.WickedRig.BOND_FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.Plan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wicked backend against a fake wicked program, a fake kernel and real files. */
class WickedBackendTest {
  private static final HcnId ID = HcnId.parse("1a2b");

  @TempDir Path tmp;
  WickedRig rig;

  @BeforeEach
  void setUp() throws IOException {
    rig = new WickedRig(tmp);
  }

  private static Plan plan(Action... actions) {
    return new Plan(List.of(actions), List.of());
  }

  private static Action createWithPorts() {
    return new Action.CreateBond(ID, BOND, Optional.of("eth2"), Optional.empty());
  }

  @Test
  void apply_emptyPlan_noWritesNoCalls() throws IOException {
    rig.ownedBond("eth2");
    ApplyReport report = rig.backend().apply(plan());
    assertThat(report.writes()).isZero();
    assertThat(rig.wicked.calls()).isEmpty();
  }

  @Test
  void createBond_wickedActive_oneIfupAfterTheFileIsWritten() throws IOException {
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3");
    ApplyReport report = rig.backend().apply(plan(createWithPorts(),
        new Action.AddPort(ID, BOND, "eth2"), new Action.AddPort(ID, BOND, "eth3")));
    assertThat(rig.wicked.calls()).containsExactly("ifup " + BOND);
    assertThat(report.writes()).isEqualTo(1);
    assertThat(rig.text(BOND_FILE)).contains("BONDING_SLAVE_2='eth3'");
  }

  @Test
  void createBond_wickedInactive_filesPreparedNoWickedCall() throws IOException {
    rig.active.set(false);
    ApplyReport report = rig.backend().apply(plan(createWithPorts(), new Action.AddPort(ID, BOND, "eth2")));
    assertThat(rig.wicked.calls()).isEmpty();
    assertThat(rig.exists(BOND_FILE)).isTrue();
    assertThat(report.warnings()).anyMatch(w -> w.contains("wicked.service is not running"));
  }

  @Test
  void activateBond_inactive_noCall_active_ifup() throws IOException {
    rig.ownedBond("eth2");
    rig.kernel.bond(BOND, "eth2", "eth2");
    rig.active.set(false);
    rig.backend().apply(plan(new Action.ActivateBond(ID, BOND, BOND_FILE)));
    assertThat(rig.wicked.calls()).isEmpty();
    rig.active.set(true);
    ApplyReport report = rig.backend().apply(plan(new Action.ActivateBond(ID, BOND, BOND_FILE)));
    assertThat(rig.wicked.calls()).containsExactly("ifup " + BOND);
    assertThat(report.writes()).isZero();
  }

  @Test
  void neverCallsIfreload() throws IOException {
    rig.ownedBond("eth2", "eth3");
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3", "eth4");
    rig.sysfsAttribute(BOND, "primary");
    rig.backend().apply(plan(new Action.AddPort(ID, BOND, "eth4"),
        new Action.RemovePort(ID, BOND, "eth3", BOND_FILE + "#eth3"),
        new Action.SetPrimary(ID, BOND, "eth2")));
    assertThat(rig.wicked.calls()).noneMatch(c -> c.contains("reload"));
  }

  @Test
  void removePort_active_ifdownOfTheEnslavedPort() throws IOException {
    rig.ownedBond("eth2", "eth3");
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3");
    ApplyReport report = rig.backend().apply(plan(new Action.RemovePort(ID, BOND, "eth3", BOND_FILE + "#eth3")));
    assertThat(rig.wicked.calls()).containsExactly("ifdown eth3");
    assertThat(report.writes()).isEqualTo(1);
    assertThat(rig.text(BOND_FILE)).doesNotContain("eth3").contains("BONDING_SLAVE_1='eth2'");
  }

  @Test
  void removePort_interfaceGoneOrInAnotherBond_noIfdown() throws IOException {
    rig.ownedBond("eth2", "eth3", "eth4");
    rig.kernel.bond(BOND, "eth2", "eth2").link("eth4", "bond00000001");
    rig.backend().apply(plan(new Action.RemovePort(ID, BOND, "eth3", BOND_FILE + "#eth3"),
        new Action.RemovePort(ID, BOND, "eth4", BOND_FILE + "#eth4")));
    assertThat(rig.wicked.calls()).isEmpty();
    assertThat(WickedProfileBuilder.slaves(IfcfgFile.parse(rig.bytes(BOND_FILE)))).containsExactly("eth2");
  }

  @Test
  void removePort_inactive_noIfdown() throws IOException {
    rig.ownedBond("eth2", "eth3");
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3");
    rig.active.set(false);
    rig.backend().apply(plan(new Action.RemovePort(ID, BOND, "eth3", BOND_FILE + "#eth3")));
    assertThat(rig.wicked.calls()).isEmpty();
  }

  @Test
  void removePort_notOwned_refusedNothingChanged() throws IOException {
    rig.foreignBond("eth2", "eth3");
    rig.kernel.bond(BOND, "", "eth2", "eth3");
    byte[] before = rig.bytes(BOND_FILE);
    assertThatThrownBy(() -> rig.backend().apply(plan(new Action.RemovePort(ID, BOND, "eth3", BOND_FILE + "#eth3"))))
        .isInstanceOf(HnvException.class)
        .hasMessageContaining("not ours")
        .hasMessageContaining("nothing changed");
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
    assertThat(rig.wicked.calls()).isEmpty();
  }

  @Test
  void removeBond_owned_ifdownAndDelete() throws IOException {
    rig.ownedBond("eth2", "eth3").file("ifcfg-eth0", "BOOTPROTO='dhcp'\n");
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3");
    ApplyReport report = rig.backend().apply(plan(new Action.RemoveBond(ID, BOND, BOND_FILE)));
    assertThat(rig.exists(BOND_FILE)).isFalse();
    assertThat(rig.exists("ifcfg-eth0")).isTrue();
    assertThat(rig.wicked.calls()).containsExactly("ifdown " + BOND);
    assertThat(report.writes()).isEqualTo(1);
  }

  @Test
  void removeBond_wickedExitsZeroButTheBondStays_warning() throws IOException {
    // Real wicked 0.6.80 ignores a failed delete (read-only bonding_masters) and exits 0.
    rig.ownedBond("eth2", "eth3");
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3");
    ApplyReport report = rig.backend().apply(plan(new Action.RemoveBond(ID, BOND, BOND_FILE)));
    assertThat(rig.exists(BOND_FILE)).isFalse();
    assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
        .contains("wicked ifdown " + BOND + " exited 0 but the kernel still has the bond")
        .contains("bonding_masters"));
  }

  @Test
  void removeBond_wickedHoldsNoStateForTheBond_deletedThroughBondingMasters() throws Exception {
    // Real wicked 0.6.80 after a wickedd restart: ifdown exits 0 and leaves a bond it did not bring up.
    rig.ownedBond("eth2", "eth3");
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3");
    java.nio.file.Path classNet = rig.sysfsAttribute(BOND, "primary").getParent().getParent().getParent();
    java.nio.file.Path masters = Files.writeString(classNet.resolve("bonding_masters"), BOND + "\n");
    Thread kernel = new Thread(() -> {
      try {
        while (!Files.readString(masters).equals("-" + BOND)) {
          Thread.sleep(20);
        }
      } catch (IOException | InterruptedException e) {
        return;
      }
      rig.kernel.remove(BOND);
    });
    kernel.start();
    ApplyReport report = rig.backend().apply(plan(new Action.RemoveBond(ID, BOND, BOND_FILE)));
    kernel.join(5000);
    assertThat(Files.readString(masters)).isEqualTo("-" + BOND);
    assertThat(rig.wicked.calls()).containsExactly("ifdown " + BOND);
    assertThat(report.warnings()).noneSatisfy(w -> assertThat(w).contains("still has the bond"));
  }

  @Test
  void removeBond_bondLeavesTheKernel_noWarning() throws IOException {
    rig.ownedBond("eth2", "eth3");
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3");
    Thread deleter = new Thread(() -> {
      try {
        while (rig.wicked.calls().isEmpty()) {
          Thread.sleep(20);
        }
      } catch (IOException | InterruptedException e) {
        return;
      }
      rig.kernel.remove(BOND);
    });
    deleter.start();
    ApplyReport report = rig.backend().apply(plan(new Action.RemoveBond(ID, BOND, BOND_FILE)));
    assertThat(report.warnings()).noneSatisfy(w -> assertThat(w).contains("still has the bond"));
  }

  @Test
  void removeBond_notOwned_refusedFileKept() throws IOException {
    rig.foreignBond("eth2");
    byte[] before = rig.bytes(BOND_FILE);
    assertThatThrownBy(() -> rig.backend().apply(plan(new Action.RemoveBond(ID, BOND, BOND_FILE))))
        .isInstanceOf(HnvException.class)
        .satisfies(e -> assertThat(((HnvException) e).kind()).isEqualTo(HnvException.Kind.REJECTED));
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
  }

  @Test
  void removeBond_afterAdopt_works() throws IOException {
    rig.foreignBond("eth2");
    rig.active.set(false);
    ApplyReport report = rig.backend().apply(plan(new Action.Adopt(ID, BOND_FILE, BOND),
        new Action.RemoveBond(ID, BOND, BOND_FILE)));
    assertThat(rig.exists(BOND_FILE)).isFalse();
    assertThat(report.writes()).isEqualTo(1);
  }

  @Test
  void createBond_overForeignFile_refused() throws IOException {
    rig.foreignBond("eth2");
    byte[] before = rig.bytes(BOND_FILE);
    assertThatThrownBy(() -> rig.backend().apply(plan(createWithPorts())))
        .isInstanceOf(HnvException.class).hasMessageContaining("not ours");
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
  }

  @Test
  void createBond_ipFromForeignFile_foreignFileUntouched() throws IOException {
    rig.file("ifcfg-eth2", "BOOTPROTO='dhcp'\nSTARTMODE='auto'\n");
    rig.active.set(false);
    byte[] before = rig.bytes("ifcfg-eth2");
    ApplyReport report = rig.backend().apply(plan(
        new Action.CreateBond(ID, BOND, Optional.of("eth2"), Optional.of("ifcfg-eth2"))));
    assertThat(rig.bytes("ifcfg-eth2")).isEqualTo(before);
    assertThat(rig.text(BOND_FILE)).contains("BOOTPROTO='dhcp'").doesNotContain("BOOTPROTO='none'");
    assertThat(report.warnings()).anyMatch(w -> w.contains("ifcfg-eth2 still configures IP"));
  }

  @Test
  void addPort_toUnownedBond_refused() throws IOException {
    rig.foreignBond("eth2");
    assertThatThrownBy(() -> rig.backend().apply(plan(new Action.AddPort(ID, BOND, "eth3"))))
        .isInstanceOf(HnvException.class).hasMessageContaining("adopt it first");
  }

  @Test
  void laterRefusal_earlierStepsNotWritten() throws IOException {
    rig.ownedBond("eth2").file("ifcfg-bond00000001", "BONDING_MASTER='yes'\n");
    byte[] before = rig.bytes(BOND_FILE);
    assertThatThrownBy(() -> rig.backend().apply(plan(new Action.AddPort(ID, BOND, "eth3"),
        new Action.RemoveBond(HcnId.parse("1"), "bond00000001", "ifcfg-bond00000001"))))
        .isInstanceOf(HnvException.class);
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
    assertThat(rig.wicked.calls()).isEmpty();
  }

  @Test
  void wickedFails_filesRestoredByteExact_stepNamed_exitAndStderrReported() throws IOException {
    rig.ownedBond("eth2");
    Files.setPosixFilePermissions(rig.ifcfg.resolve(BOND_FILE), PosixFilePermissions.fromString("rw-r--r--"));
    byte[] before = rig.bytes(BOND_FILE);
    rig.wicked.failWith(3);
    assertThatThrownBy(() -> rig.backend().apply(plan(new Action.AddPort(ID, BOND, "eth3"))))
        .isInstanceOf(HnvException.class)
        .hasMessageContaining("add port eth3 to " + BOND)
        .hasMessageContaining("exit code 3")
        .hasMessageContaining("wicked-fake-stderr")
        .hasMessageContaining("rolled back")
        .satisfies(e -> assertThat(((HnvException) e).kind()).isEqualTo(HnvException.Kind.REJECTED));
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
    assertThat(Files.getPosixFilePermissions(rig.ifcfg.resolve(BOND_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(tmp.resolve("var/lib/hnvd/wicked/rollback")).doesNotExist();
  }

  @Test
  void wickedFails_newFileRemovedAgain() throws IOException {
    rig.wicked.failWith(1);
    assertThatThrownBy(() -> rig.backend().apply(plan(createWithPorts())))
        .isInstanceOf(HnvException.class);
    assertThat(rig.exists(BOND_FILE)).isFalse();
  }

  @Test
  void wickedInProgress_acceptedWithWarning() throws IOException {
    rig.wicked.failWith(162);
    rig.kernel.bond(BOND, "eth2", "eth2");
    ApplyReport report = rig.backend().apply(plan(createWithPorts(), new Action.AddPort(ID, BOND, "eth2")));
    assertThat(report.warnings()).anyMatch(w -> w.contains("exit 162"));
    assertThat(rig.exists(BOND_FILE)).isTrue();
  }

  @Test
  void wickedHangs_killedAndRolledBack() throws IOException {
    rig.ownedBond("eth2");
    byte[] before = rig.bytes(BOND_FILE);
    rig.wicked.hangFor(30);
    rig.callTimeout = Duration.ofMillis(300);
    assertThatThrownBy(() -> rig.backend().apply(plan(new Action.AddPort(ID, BOND, "eth3"))))
        .isInstanceOf(HnvException.class).hasMessageContaining("no answer within");
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
  }

  @Test
  void verifyFails_rolledBackAndOldFileReapplied() throws IOException {
    rig.ownedBond("eth2");
    byte[] before = rig.bytes(BOND_FILE);
    rig.kernel.bond(BOND, "eth2", "eth2").link("eth3", ""); // eth3 exists but never gets enslaved
    assertThatThrownBy(() -> rig.backend().apply(plan(new Action.AddPort(ID, BOND, "eth3"))))
        .isInstanceOf(HnvException.class)
        .hasMessageContaining("eth3 is not enslaved")
        .satisfies(e -> assertThat(((HnvException) e).kind()).isEqualTo(HnvException.Kind.VERIFY_FAILED));
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
    assertThat(rig.wicked.calls()).containsExactly("ifup " + BOND, "ifup " + BOND);
  }

  @Test
  void verify_pendingPortWithoutInterface_isNotAFailure() throws IOException {
    rig.kernel.bond(BOND, "eth2", "eth2"); // eth3 does not exist yet (hotplug pending)
    rig.backend().apply(plan(createWithPorts(), new Action.AddPort(ID, BOND, "eth2"),
        new Action.AddPort(ID, BOND, "eth3")));
    assertThat(WickedProfileBuilder.slaves(IfcfgFile.parse(rig.bytes(BOND_FILE)))).containsExactly("eth2", "eth3");
  }

  @Test
  void setPrimary_writesSysfsWithoutReactivation() throws IOException {
    rig.ownedBond("eth3", "eth2");
    rig.kernel.bond(BOND, "eth2", "eth3", "eth2");
    Path primary = rig.sysfsAttribute(BOND, "primary");
    ApplyReport report = rig.backend().apply(plan(new Action.SetPrimary(ID, BOND, "eth2")));
    assertThat(Files.readString(primary)).isEqualTo("eth2");
    assertThat(rig.wicked.calls()).isEmpty();
    assertThat(WickedProfileBuilder.primary(IfcfgFile.parse(rig.bytes(BOND_FILE)))).contains("eth2");
    assertThat(report.writes()).isEqualTo(1);
  }

  @Test
  void setPrimary_kernelKeepsOldPrimary_verifyFailsRollsBackWithoutReactivation() throws IOException {
    rig.ownedBond("eth3", "eth2");
    byte[] before = rig.bytes(BOND_FILE);
    rig.kernel.bond(BOND, "eth3", "eth3", "eth2"); // the fake kernel ignores the sysfs write
    rig.sysfsAttribute(BOND, "primary");
    assertThatThrownBy(() -> rig.backend().apply(plan(new Action.SetPrimary(ID, BOND, "eth2"))))
        .isInstanceOf(HnvException.class)
        .hasMessageContaining("has primary 'eth3', not eth2")
        .satisfies(e -> assertThat(((HnvException) e).kind()).isEqualTo(HnvException.Kind.VERIFY_FAILED));
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
    assertThat(rig.wicked.calls()).isEmpty();
  }

  @Test
  void setPrimary_afterAddPort_ifupFirstThenSysfs() throws IOException {
    rig.ownedBond("eth3");
    rig.kernel.bond(BOND, "eth2", "eth3", "eth2");
    Path primary = rig.sysfsAttribute(BOND, "primary");
    rig.backend().apply(plan(new Action.AddPort(ID, BOND, "eth2"), new Action.SetPrimary(ID, BOND, "eth2")));
    assertThat(rig.wicked.calls()).containsExactly("ifup " + BOND);
    assertThat(Files.readString(primary)).isEqualTo("eth2");
  }

  @Test
  void setPrimary_bondNotInKernel_onlyStoredWithWarning() throws IOException {
    rig.ownedBond("eth3", "eth2");
    rig.active.set(false);
    ApplyReport report = rig.backend().apply(plan(new Action.SetPrimary(ID, BOND, "eth2")));
    assertThat(report.warnings()).anyMatch(w -> w.contains("only stored"));
    assertThat(WickedProfileBuilder.primary(IfcfgFile.parse(rig.bytes(BOND_FILE)))).contains("eth2");
  }

  @Test
  void selectActive_writesActiveSlave_noFileWrite() throws IOException {
    rig.ownedBond("eth2", "eth3");
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3");
    Path active = rig.sysfsAttribute(BOND, "active_slave");
    byte[] before = rig.bytes(BOND_FILE);
    ApplyReport report = rig.backend().apply(plan(new Action.SelectActive(ID, BOND, "eth3")));
    assertThat(Files.readString(active)).isEqualTo("eth3");
    assertThat(report.writes()).isZero();
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
  }

  @Test
  void selectActiveThenRemove_switchesBeforeTheIfdown() throws IOException {
    rig.ownedBond("eth2", "eth3");
    rig.kernel.bond(BOND, "eth2", "eth2", "eth3");
    Path active = rig.sysfsAttribute(BOND, "active_slave");
    rig.backend().apply(plan(new Action.SelectActive(ID, BOND, "eth3"),
        new Action.RemovePort(ID, BOND, "eth2", BOND_FILE + "#eth2")));
    assertThat(Files.readString(active)).isEqualTo("eth3");
    assertThat(rig.wicked.calls()).containsExactly("ifdown eth2");
    assertThat(WickedProfileBuilder.primary(IfcfgFile.parse(rig.bytes(BOND_FILE)))).isEmpty();
  }

  @Test
  void wickedStdout_neverReachesOurStdout() throws IOException {
    rig.kernel.bond(BOND, "eth2", "eth2");
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      rig.backend().apply(plan(createWithPorts(), new Action.AddPort(ID, BOND, "eth2")));
    } finally {
      System.setOut(saved);
    }
    assertThat(rig.wicked.calls()).containsExactly("ifup " + BOND);
    assertThat(captured.toString()).doesNotContain(FakeWicked.STDOUT_NOISE);
  }

  @Test
  void newFile_mode0600_existingModeKept() throws IOException {
    rig.active.set(false);
    rig.file("ifcfg-bond00000001", "HNVD_OWNER='hnvd'\nBONDING_MASTER='yes'\n");
    Files.setPosixFilePermissions(rig.ifcfg.resolve("ifcfg-bond00000001"), PosixFilePermissions.fromString("rw-r-----"));
    rig.backend().apply(plan(createWithPorts(),
        new Action.AddPort(HcnId.parse("1"), "bond00000001", "eth7")));
    assertThat(Files.getPosixFilePermissions(rig.ifcfg.resolve(BOND_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(rig.ifcfg.resolve("ifcfg-bond00000001")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    try (var leftovers = Files.list(rig.ifcfg)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
  }

  @Test
  void badInterfaceName_invalidNothingChanged() throws IOException {
    rig.ownedBond("eth2");
    byte[] before = rig.bytes(BOND_FILE);
    assertThatThrownBy(() -> rig.backend().apply(plan(new Action.AddPort(ID, BOND, "eth3' x"))))
        .isInstanceOf(HnvException.class)
        .satisfies(e -> assertThat(((HnvException) e).kind()).isEqualTo(HnvException.Kind.INVALID));
    assertThat(rig.bytes(BOND_FILE)).isEqualTo(before);
  }
}
