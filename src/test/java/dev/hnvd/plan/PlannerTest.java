package dev.hnvd.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.HcnId;
import dev.hnvd.plan.Action.ActivateBond;
import dev.hnvd.plan.Action.Adopt;
import dev.hnvd.plan.Action.AddPort;
import dev.hnvd.plan.Action.CreateBond;
import dev.hnvd.plan.Action.RemoveBond;
import dev.hnvd.plan.Action.RemovePort;
import dev.hnvd.plan.Action.SelectActive;
import dev.hnvd.plan.Action.SetPrimary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
  static final HcnId ID = new HcnId(0x1a2b);
  static final String BOND = "bond00001a2b";

  @Test
  void plan_emptySystem_createsBondWithVfPrimaryThenPortsVfFirst() {
    Scenario s = new Scenario().vnic(0x1a2b, "env3").vf(0x1a2b, "enP1p0s0");

    Plan plan = s.reconcile();

    assertThat(plan.actions()).containsExactly(
        new CreateBond(ID, BOND, Optional.of("enP1p0s0"), Optional.empty()),
        new AddPort(ID, BOND, "enP1p0s0"),
        new AddPort(ID, BOND, "env3"));
  }

  @Test
  void plan_secondRun_plansNothing() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0").veth(0x1a2b, "eth1").vf(0x77, "enP2").vnic(0x77, "env9");
    s.apply(s.reconcile());

    assertThat(s.reconcile().actions()).isEmpty();
    assertThat(s.bonds.get(BOND).activeSlave()).isEqualTo("enP1p0s0");
    assertThat(s.bonds.get("bond00000077").primary()).isEqualTo("enP2");
  }

  @Test
  void plan_pendingBackup_onlyVfConfigured_andNoted() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0").pendingVnic(0x1a2b);

    Plan plan = s.reconcile();

    assertThat(plan.actions()).containsExactly(
        new CreateBond(ID, BOND, Optional.of("enP1p0s0"), Optional.empty()),
        new AddPort(ID, BOND, "enP1p0s0"));
    assertThat(plan.notes()).anyMatch(n -> n.contains("pending"));
  }

  @Test
  void plan_onlyPendingDevices_nothingCreated() {
    Scenario s = new Scenario().pendingVnic(0x1a2b);
    assertThat(s.reconcile().actions()).isEmpty();
  }

  @Test
  void plan_foreignBondNamedLikeOursWithoutDeviceTree_neverTouched() {
    Scenario s = new Scenario().vf(0x1, "enP1").profile(
        Scenario.foreign("f-uuid", BOND, Profile.Type.BOND, BOND, ""));

    Plan plan = s.reconcile();

    assertThat(plan.actions()).noneMatch(a -> a.toString().contains("f-uuid"));
    assertThat(plan.actions()).noneMatch(a -> a.hcnId().equals(ID));
  }

  @Test
  void plan_hcnmgrBondConfirmedByDeviceTree_adoptedNotDuplicated() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0").vnic(0x1a2b, "env3")
        .profile(new Profile("old-bond", BOND, Profile.Type.BOND, BOND, "", false,
            Map.of("mode", "1", "miimon", "100", "fail_over_mac", "2", "primary", "enP1p0s0"), false))
        .profile(Scenario.foreign("old-port", BOND + "-enP1p0s0", Profile.Type.BOND_PORT, "enP1p0s0", BOND));

    Plan plan = s.reconcile();

    assertThat(plan.actions()).startsWith(new Adopt(ID, "old-bond", BOND), new Adopt(ID, "old-port", BOND + "-enP1p0s0"));
    assertThat(plan.actions()).noneMatch(a -> a instanceof CreateBond);
    assertThat(plan.actions()).contains(new AddPort(ID, BOND, "env3"));
    assertThat(plan.actions()).noneMatch(a -> a instanceof SetPrimary);
  }

  @Test
  void plan_foreignProfileOfAnotherTypeHoldsBondName_hnvLeftAlone() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0")
        .profile(Scenario.foreign("eth-uuid", BOND, Profile.Type.OTHER, "enP9", ""));

    Plan plan = s.reconcile();

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.notes()).anyMatch(n -> n.contains("not ours"));
  }

  @Test
  void plan_stalePortInterfaceGone_removedOwnedOnly() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0").vnic(0x1a2b, "env3");
    s.apply(s.reconcile());
    s.profile(Scenario.foreign("user-port", "my-port", Profile.Type.BOND_PORT, "enP7", BOND));
    s.unplug("enP1p0s0");
    s.forget(0x1a2b).vf(0x1a2b, "enP5").vnic(0x1a2b, "env3");

    Plan plan = s.reconcile();

    assertThat(plan.actions()).contains(new RemovePort(ID, BOND, "enP1p0s0", "uuid-" + BOND + "-enP1p0s0"));
    assertThat(plan.actions()).contains(new AddPort(ID, BOND, "enP5"), new SetPrimary(ID, BOND, "enP5"));
    assertThat(plan.actions()).noneMatch(a -> a.toString().contains("user-port"));
    s.apply(plan);
    assertThat(s.reconcile().actions()).isEmpty();
    assertThat(s.bonds.get(BOND).activeSlave()).isEqualTo("enP5");
  }

  @Test
  void plan_vanishedHcnId_ownedBondAndPortsRemoved_foreignKept() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0").vnic(0x1a2b, "env3").vf(0x2, "enP2");
    s.apply(s.reconcile());
    s.profile(Scenario.foreign("f", "bond0000dead", Profile.Type.BOND, "bond0000dead", ""));
    s.forget(0x1a2b);

    Plan plan = s.reconcile();

    assertThat(plan.actions()).containsExactly(
        new RemovePort(ID, BOND, "enP1p0s0", "uuid-" + BOND + "-enP1p0s0"),
        new RemovePort(ID, BOND, "env3", "uuid-" + BOND + "-env3"),
        new RemoveBond(ID, BOND, "uuid-" + BOND));
  }

  @Test
  void plan_noSriovHcnNodes_deletesNothing() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0").vnic(0x1a2b, "env3");
    s.apply(s.reconcile());
    s.forget(0x1a2b).vnic(0x1a2b, "env3");
    s.unplug("enP1p0s0");

    Plan plan = s.reconcile();

    assertThat(plan.actions()).noneMatch(a -> a instanceof RemovePort || a instanceof RemoveBond);
    assertThat(plan.notes()).anyMatch(n -> n.contains("removing nothing"));
  }

  @Test
  void plan_kernelLostPrimary_setPrimaryAgain() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0").vnic(0x1a2b, "env3");
    s.apply(s.reconcile());
    var k = s.bonds.get(BOND);
    s.bonds.put(BOND, new dev.hnvd.model.BondState(BOND, k.mode(), k.slaves(), "env3", "", "follow", 100));

    assertThat(s.reconcile().actions()).containsExactly(new SetPrimary(ID, BOND, "enP1p0s0"));
  }

  @Test
  void plan_failoverOverButBackupStillActive_vfSelectedAgain() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0").vnic(0x1a2b, "env3");
    s.apply(s.reconcile());
    var k = s.bonds.get(BOND);
    s.bonds.put(BOND, new dev.hnvd.model.BondState(BOND, k.mode(), k.slaves(), "env3", "enP1p0s0", "follow", 100));

    assertThat(s.reconcile().actions()).containsExactly(new SelectActive(ID, BOND, "enP1p0s0"));

    s.link("enP1p0s0", false);
    assertThat(s.reconcile().actions()).isEmpty();
  }

  @Test
  void plan_bondProfileInactive_activatedNotRecreated() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1p0s0");
    s.apply(s.reconcile());
    s.bonds.clear();
    s.link("enP1p0s0", true);

    assertThat(s.reconcile().actions()).containsExactly(new ActivateBond(ID, BOND, "uuid-" + BOND));
  }

  @Test
  void plan_vfMovedToAnotherHcnId_portMoved() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1").vnic(0x1a2b, "env3");
    s.apply(s.reconcile());
    s.forget(0x1a2b).vnic(0x1a2b, "env3").vf(0x99, "enP1");

    Plan plan = s.reconcile();

    assertThat(plan.actions()).contains(
        new RemovePort(ID, BOND, "enP1", "uuid-" + BOND + "-enP1"),
        new AddPort(new HcnId(0x99), "bond00000099", "enP1"));
    assertThat(plan.actions().stream().filter(a -> a instanceof RemovePort)).hasSize(1);
    s.apply(plan);
    assertThat(s.reconcile().actions()).isEmpty();
    assertThat(s.bonds.get("bond00000099").slaves()).containsExactly("enP1");
  }

  @Test
  void plan_foreignDhcpProfileOnVf_bondTakesIpSettings_profileUntouched() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1").vnic(0x1a2b, "env3")
        .profile(new Profile("wired", "Wired connection 1", Profile.Type.OTHER, "enP1", "", false, Map.of(), true));

    Plan plan = s.reconcile();

    assertThat(plan.actions().get(0)).isEqualTo(new CreateBond(ID, BOND, Optional.of("enP1"), Optional.of("wired")));
    assertThat(plan.actions()).noneMatch(a -> a instanceof RemovePort || a instanceof Adopt);
  }

  @Test
  void removeDevice_activeVf_backupWithCarrierSelectedFirst() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1").vnic(0x1a2b, "env3");
    s.apply(s.reconcile());
    var hnv = s.hnv(0x1a2b);

    Plan plan = Planner.removeDevice(hnv, hnv.primaryPort().orElseThrow(), s.discovery(), s.current());

    assertThat(plan.actions()).containsExactly(
        new SelectActive(ID, BOND, "env3"),
        new RemovePort(ID, BOND, "enP1", "uuid-" + BOND + "-enP1"));
  }

  @Test
  void removeDevice_backupWithoutCarrier_removesAndWarns() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1").vnic(0x1a2b, "env3");
    s.apply(s.reconcile());
    s.link("env3", false);
    var hnv = s.hnv(0x1a2b);

    Plan plan = Planner.removeDevice(hnv, hnv.primaryPort().orElseThrow(), s.discovery(), s.current());

    assertThat(plan.actions()).containsExactly(new RemovePort(ID, BOND, "enP1", "uuid-" + BOND + "-enP1"));
    assertThat(plan.notes()).anyMatch(n -> n.contains("interrupt"));
  }

  @Test
  void removeHnv_ownedOnly() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1").vnic(0x1a2b, "env3");
    s.apply(s.reconcile());
    s.profile(Scenario.foreign("mine", "admin-extra", Profile.Type.BOND_PORT, "eth7", BOND));

    Plan plan = Planner.removeHnv(ID, s.discovery(), s.current());

    assertThat(plan.actions()).containsExactly(
        new RemovePort(ID, BOND, "enP1", "uuid-" + BOND + "-enP1"),
        new RemovePort(ID, BOND, "env3", "uuid-" + BOND + "-env3"),
        new RemoveBond(ID, BOND, "uuid-" + BOND));
    assertThat(plan.notes()).anyMatch(n -> n.contains("admin-extra"));
  }

  @Test
  void removeHnv_unownedBondNotInDeviceTree_leftAlone() {
    Scenario s = new Scenario().profile(Scenario.foreign("x", BOND, Profile.Type.BOND, BOND, ""));
    Plan plan = Planner.removeHnv(ID, s.discovery(), s.current());
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.notes()).anyMatch(n -> n.contains("not ours"));
  }

  @Test
  void converge_touchesOnlyThatHnv() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1").vf(0x2, "enP2");
    Plan plan = Planner.converge(s.hnv(0x2), s.discovery(), s.current());
    assertThat(plan.actions()).allMatch(a -> a.hcnId().equals(new HcnId(2)));
    assertThat(plan.actions()).hasSize(2);
  }

  @Test
  void bondOptions_normalised() {
    assertThat(BondOptions.mode("1")).isEqualTo("active-backup");
    assertThat(BondOptions.mode("active-backup 1")).isEqualTo("active-backup");
    assertThat(BondOptions.failOverMac("follow 2")).isEqualTo("follow");
    assertThat(BondOptions.failOverMac("2")).isEqualTo("follow");
    assertThat(BondOptions.desired("enP1")).containsEntry("primary", "enP1").hasSize(4);
    assertThat(List.of(BondOptions.desired(""))).allMatch(m -> !m.containsKey("primary"));
  }
}
