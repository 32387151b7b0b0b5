package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.Plan;
import dev.hnvd.plan.Profile;
import dev.hnvd.rig.NmRig;
import dev.hnvd.rig.NmRigExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NM backend against a real NetworkManager 1.42 (tier-1 rig). The host kernel has no bonding:
 * profile writes, ownership, idempotency and rollback are real; bond activation is expected to
 * fail and be reported as a warning.
 */
@Tag("rig")
@ExtendWith(NmRigExtension.class)
class NmBackendRigTest {
  static final HcnId ID = new HcnId(0x10);
  static final String BOND = ID.bondName();

  RigFixture fx;
  NmBackend backend;

  @BeforeEach
  void setUp(NmRig rig) {
    fx = new RigFixture(rig);
    fx.clean();
    backend = fx.backend();
  }

  @AfterEach
  void tearDown() {
    if (backend != null) {
      backend.close();
    }
    fx.close();
  }

  static Plan plan(Action... actions) {
    return new Plan(List.of(actions), List.of());
  }

  static Plan createHnv() {
    return plan(
        new Action.CreateBond(ID, BOND, Optional.of("hv1"), Optional.empty()),
        new Action.AddPort(ID, BOND, "hv1"),
        new Action.AddPort(ID, BOND, "hv2"));
  }

  @Test
  void createBond_getSettingsShowsTheReferenceProfilesWithOurMark() {
    ApplyReport r = backend.apply(createHnv());

    assertThat(r.writes()).isEqualTo(3);
    assertThat(r.warnings()).anyMatch(w -> w.contains("kernel cannot create bond " + BOND));
    Map<String, Object> bond = fx.plainSettings(NmProfileBuilder.uuidFor(BOND));
    // autoconnect true is NM's default and therefore not serialised; permissions [] is NM's own.
    assertThat(bond).extractingByKey("connection").isEqualTo(Map.of(
        "id", BOND, "uuid", NmProfileBuilder.uuidFor(BOND), "type", "bond", "interface-name", BOND,
        "autoconnect-slaves", 1L, "permissions", List.of()));
    assertThat(bond).extractingByKey("bond").extracting("options").isEqualTo(Map.of(
        "mode", "active-backup", "miimon", "100", "fail_over_mac", "follow", "primary", "hv1"));
    assertThat(bond).extractingByKey("ipv4").extracting("method").isEqualTo("disabled");
    assertThat(bond).extractingByKey("ipv6").extracting("method").isEqualTo("disabled");
    assertThat(bond).extractingByKey("user").isEqualTo(Map.of("data", Map.of("hnvd.owner", "hnvd")));

    Map<String, Object> port = fx.plainSettings(NmProfileBuilder.uuidFor(BOND + "-hv1"));
    assertThat(port).extractingByKey("connection").isEqualTo(Map.of(
        "id", BOND + "-hv1", "uuid", NmProfileBuilder.uuidFor(BOND + "-hv1"), "type", "802-3-ethernet",
        "interface-name", "hv1", "master", BOND, "slave-type", "bond", "permissions", List.of()));
    assertThat(port).extractingByKey("user").isEqualTo(Map.of("data", Map.of("hnvd.owner", "hnvd")));
    assertThat(port).doesNotContainKeys("ipv4", "ipv6");

    assertThat(backend.profiles())
        .filteredOn(Profile::owned)
        .extracting(Profile::name, Profile::type, Profile::controller)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(BOND, Profile.Type.BOND, ""),
            org.assertj.core.groups.Tuple.tuple(BOND + "-hv1", Profile.Type.BOND_PORT, BOND),
            org.assertj.core.groups.Tuple.tuple(BOND + "-hv2", Profile.Type.BOND_PORT, BOND));
  }

  @Test
  void sameplanTwice_secondApplyWritesNothing() {
    backend.apply(createHnv());
    Map<String, Object> before = fx.all();

    ApplyReport again = backend.apply(createHnv());

    assertThat(again.writes()).isZero();
    assertThat(fx.all()).isEqualTo(before);
  }

  @Test
  void foreignProfileNamedLikeOurs_isNeverModifiedOrDeleted() {
    String foreign = fx.addForeign(BOND, "bond", BOND, Map.of("bond", Map.of("options",
        new Variant<>(Map.of("mode", "balance-rr"), "a{ss}"))));
    Map<String, Object> before = fx.all();

    assertThatThrownBy(() -> backend.apply(plan(new Action.RemoveBond(ID, BOND, foreign))))
        .isInstanceOfSatisfying(HnvException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
        .hasMessageContaining("not owned");
    assertThatThrownBy(() -> backend.apply(createHnv()))
        .isInstanceOfSatisfying(HnvException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
    assertThatThrownBy(() -> backend.apply(plan(new Action.SetPrimary(ID, BOND, "hv2"))))
        .isInstanceOf(HnvException.class);

    assertThat(fx.all()).isEqualTo(before);
  }

  @Test
  void nmRejectsASettingMidPlan_rollbackLeavesNmExactlyAsBefore() {
    String installer = fx.addForeign("Wired hv1", "802-3-ethernet", "hv1", Map.of(
        "ipv4", Map.of("method", new Variant<>("auto")),
        "ipv6", Map.of("method", new Variant<>("auto"))));
    backend.apply(plan(new Action.CreateBond(new HcnId(0x20), "bond00000020", Optional.empty(), Optional.empty())));
    Map<String, Object> before = fx.all();
    backend.writeHook((step, s) -> {
      if (step.name().equals(BOND + "-hv2")) {
        var bad = NmProfileBuilder.copy(s);
        bad.get("connection").put("no-such-key", new Variant<>("x"));
        return bad;
      }
      return s;
    });

    assertThatThrownBy(() -> backend.apply(plan(
        new Action.Adopt(ID, installer, "Wired hv1"),
        new Action.CreateBond(ID, BOND, Optional.of("hv1"), Optional.of(installer)),
        new Action.RemoveBond(new HcnId(0x20), "bond00000020", NmProfileBuilder.uuidFor("bond00000020")),
        new Action.AddPort(ID, BOND, "hv1"),
        new Action.AddPort(ID, BOND, "hv2"))))
        .isInstanceOfSatisfying(HnvException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .hasMessageContaining("add port hv2")
        .hasMessageContaining("rolled back");

    assertThat(fx.all()).isEqualTo(before);
  }

  @Test
  void checkpointHeldByAnotherClient_conflictAndNothingChanged() throws Exception {
    Map<String, Object> before = fx.all();
    String cp = fx.rig.foreignCheckpoint("hv1");
    try {
      assertThatThrownBy(() -> backend.apply(createHnv()))
          .isInstanceOfSatisfying(HnvException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
          .hasMessageContaining("checkpoint");
      assertThat(fx.all()).isEqualTo(before);
    } finally {
      fx.rig.destroyCheckpoint(cp);
    }
  }

  @Test
  void adopt_marksTheProfileAndKeepsEveryOtherSetting() {
    String uuid = fx.addForeign(BOND, "bond", BOND, Map.of(
        "bond", Map.of("options", new Variant<>(Map.of("mode", "active-backup", "miimon", "100",
            "fail_over_mac", "2"), "a{ss}")),
        "ipv4", Map.of("method", new Variant<>("disabled")),
        "ipv6", Map.of("method", new Variant<>("disabled")),
        "user", Map.of("data", new Variant<>(Map.of("org.example.note", "keep me"), "a{ss}"))));
    Map<String, Object> before = fx.plainSettings(uuid);

    ApplyReport r = backend.apply(plan(new Action.Adopt(ID, uuid, BOND)));

    assertThat(r.writes()).isEqualTo(1);
    Map<String, Object> after = fx.plainSettings(uuid);
    assertThat(after).extractingByKey("user").isEqualTo(Map.of("data",
        Map.of("org.example.note", "keep me", "hnvd.owner", "hnvd")));
    after.remove("user");
    before.remove("user");
    assertThat(after).isEqualTo(before);
    assertThat(backend.apply(plan(new Action.Adopt(ID, uuid, BOND))).writes()).isZero();
  }

  @Test
  void setPrimary_updatesOnlyTheProfileOption_onceAndWithoutReactivation() {
    backend.apply(plan(new Action.CreateBond(ID, BOND, Optional.empty(), Optional.empty())));

    ApplyReport r = backend.apply(plan(new Action.SetPrimary(ID, BOND, "hv2")));
    ApplyReport again = backend.apply(plan(new Action.SetPrimary(ID, BOND, "hv2")));

    assertThat(r.writes()).isEqualTo(1);
    assertThat(again.writes()).isZero();
    assertThat(fx.plainSettings(NmProfileBuilder.uuidFor(BOND))).extractingByKey("bond")
        .extracting("options").isEqualTo(Map.of("mode", "active-backup", "miimon", "100",
            "fail_over_mac", "follow", "primary", "hv2"));
  }

  @Test
  void createBondWithIpFrom_copiesIpSettingsToTheBond() {
    String installer = fx.addForeign("Wired hv1", "802-3-ethernet", "hv1", Map.of(
        "ipv4", Map.of("method", new Variant<>("manual"),
            "address-data", new Variant<>(List.of(Map.of("address", new Variant<>("169.254.7.1"),
                "prefix", new Variant<>(new org.freedesktop.dbus.types.UInt32(16)))), "aa{sv}")),
        "ipv6", Map.of("method", new Variant<>("auto"))));

    backend.apply(plan(new Action.CreateBond(ID, BOND, Optional.of("hv1"), Optional.of(installer))));

    Map<String, Object> bond = fx.plainSettings(NmProfileBuilder.uuidFor(BOND));
    assertThat(bond).extractingByKey("ipv4").extracting("method").isEqualTo("manual");
    assertThat(bond.get("ipv4").toString()).contains("169.254.7.1");
    assertThat(bond).extractingByKey("ipv6").extracting("method").isEqualTo("auto");
    assertThat(fx.settings(installer)).as("the source profile is left alone").isNotNull();
  }

  @Test
  void removePortAndBond_deleteOnlyOurProfiles() {
    backend.apply(createHnv());
    String other = fx.addForeign("other", "802-3-ethernet", "hv3", Map.of());

    ApplyReport r = backend.apply(plan(
        new Action.RemovePort(ID, BOND, "hv1", NmProfileBuilder.uuidFor(BOND + "-hv1")),
        new Action.RemovePort(ID, BOND, "hv2", NmProfileBuilder.uuidFor(BOND + "-hv2")),
        new Action.RemoveBond(ID, BOND, NmProfileBuilder.uuidFor(BOND))));

    assertThat(r.writes()).isEqualTo(3);
    // NM >= 1.42 also lists its own "lo" profile.
    assertThat(fx.names()).filteredOn(n -> !n.equals("lo")).containsExactly("other");
    assertThat(fx.settings(other)).isNotNull();
  }

  @Test
  void nmKilledAndRestartedMidApply_cleanErrorOrSuccess_nothingLost() {
    backend.apply(plan(new Action.CreateBond(new HcnId(0x20), "bond00000020", Optional.empty(), Optional.empty())));
    Map<String, Object> before = fx.all();
    boolean[] done = {false};
    backend.writeHook((step, s) -> {
      if (!done[0] && step.name().equals(BOND + "-hv1")) {
        done[0] = true;
        try {
          fx.rig.killNm();
          fx.rig.startNm();
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
      return s;
    });

    try {
      ApplyReport r = backend.apply(createHnv());
      assertThat(r.warnings()).anyMatch(w -> w.contains("restarted"));
      assertThat(fx.names()).contains(BOND, BOND + "-hv1", BOND + "-hv2", "bond00000020");
      assertThat(fx.plainSettings(NmProfileBuilder.uuidFor(BOND + "-hv2")))
          .extractingByKey("user").isEqualTo(Map.of("data", Map.of("hnvd.owner", "hnvd")));
    } catch (HnvException e) {
      assertThat(e.kind()).isIn(Kind.UNREACHABLE, Kind.REJECTED);
      assertThat(fx.all()).isEqualTo(before);
    }
    assertThat(done[0]).isTrue();
  }

  @Test
  void nmDownDuringAWrite_waitsForItAndRetries_orFailsCleanly() throws Exception {
    Map<String, Object> before = fx.all();
    boolean[] done = {false};
    Thread[] restarter = {null};
    backend.writeHook((step, s) -> {
      if (!done[0] && step.name().equals(BOND + "-hv1")) {
        done[0] = true;
        try {
          fx.rig.killNm();
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
        // NM comes back while the backend is already waiting for it.
        restarter[0] = new Thread(() -> {
          try {
            Thread.sleep(500);
            fx.rig.startNm();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        restarter[0].start();
      }
      return s;
    });

    try {
      ApplyReport r = backend.apply(createHnv());
      assertThat(r.writes()).isEqualTo(3);
      assertThat(fx.names()).contains(BOND, BOND + "-hv1", BOND + "-hv2");
    } catch (HnvException e) {
      assertThat(e.kind()).isIn(Kind.UNREACHABLE, Kind.REJECTED);
      restarter[0].join();
      assertThat(fx.all()).isEqualTo(before);
    }
    restarter[0].join();
    assertThat(done[0]).isTrue();
  }

  @Test
  void ourMark_survivesANetworkManagerRestart_fromTheKeyfilesOnDisk() throws Exception {
    backend.apply(createHnv());

    fx.rig.killNm();
    fx.rig.startNm();

    assertThat(backend.profiles()).filteredOn(Profile::owned).extracting(Profile::name)
        .containsExactlyInAnyOrder(BOND, BOND + "-hv1", BOND + "-hv2");
    assertThat(backend.apply(createHnv()).writes()).isZero();
  }

  @Test
  void busRestart_backendReconnectsByItself() throws Exception {
    backend.apply(createHnv());
    fx.close();

    fx.rig.restartBus();

    // The first call after the bus died may fail (UNREACHABLE); the backend then rebuilds its
    // connection, proxies and signal handlers.
    List<Profile> profiles;
    try {
      profiles = backend.profiles();
    } catch (HnvException e) {
      assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
      profiles = backend.profiles();
    }
    assertThat(profiles).filteredOn(Profile::owned).hasSize(3);
    assertThat(backend.apply(createHnv()).writes()).isZero();
    fx = new RigFixture(fx.rig);
  }
}
