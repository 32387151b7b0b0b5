package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.backend.nm.NmStep.Write;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Action;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

/** Validation and translation of plans into profile writes, without NetworkManager. */
class NmTranslatorTest {
  static final NmVersion V = NmVersion.parse("1.42.4");
  static final HcnId ID = new HcnId(0x1a2b);
  static final String B = ID.bondName();

  @Test
  void createBondThenSetPrimary_foldsIntoOneAdd() {
    var steps = NmTranslator.translate(V, List.of(), List.of(
        new Action.CreateBond(ID, B, Optional.empty(), Optional.empty()),
        new Action.AddPort(ID, B, "eth1"),
        new Action.SetPrimary(ID, B, "eth1")));

    assertThat(steps).extracting(NmStep::write).containsExactly(Write.ADD, Write.ADD, Write.NONE);
    assertThat(NmProfileBuilder.stringMap(NmProfileBuilder.get(steps.get(0).settings(), "bond", "options")))
        .containsEntry("primary", "eth1");
    assertThat(steps.get(0).flags()).isEqualTo(NmFlags.TO_DISK | NmFlags.BLOCK_AUTOCONNECT);
  }

  @Test
  void existingOwnedProfiles_needNoWrite() {
    var bond = NmProfileBuilder.bond(B, Optional.empty(), Optional.empty(), V);
    var port = NmProfileBuilder.port(B, "eth1");
    var steps = NmTranslator.translate(V, List.of(bond, port), List.of(
        new Action.CreateBond(ID, B, Optional.empty(), Optional.empty()),
        new Action.AddPort(ID, B, "eth1")));
    assertThat(steps).extracting(NmStep::write).containsOnly(Write.NONE);
  }

  @Test
  void portForUnknownBond_isInvalid() {
    assertThatThrownBy(() -> NmTranslator.translate(V, List.of(), List.of(new Action.AddPort(ID, B, "eth1"))))
        .isInstanceOf(HnvException.class).hasMessageContaining("no bond profile");
  }

  @Test
  void foreignProfileWithOurName_isRefusedForEveryAction() {
    var foreign = foreign(B, "f-uuid");
    for (Action a : List.<Action>of(
        new Action.CreateBond(ID, B, Optional.empty(), Optional.empty()),
        new Action.RemoveBond(ID, B, "f-uuid"),
        new Action.ActivateBond(ID, B, "f-uuid"),
        new Action.SetPrimary(ID, B, "eth1"))) {
      assertThatThrownBy(() -> NmTranslator.translate(V, List.of(foreign), List.of(a)))
          .as(a.describe()).isInstanceOfSatisfying(HnvException.class,
              e -> assertThat(e.kind()).isEqualTo(HnvException.Kind.INVALID));
    }
  }

  @Test
  void adoptThenCreate_updatesTheAdoptedProfileInPlace() {
    var foreign = foreign(B, "f-uuid");
    var steps = NmTranslator.translate(V, List.of(foreign), List.of(
        new Action.Adopt(ID, "f-uuid", B),
        new Action.CreateBond(ID, B, Optional.of("eth1"), Optional.empty())));
    assertThat(steps).extracting(NmStep::write).containsExactly(Write.UPDATE, Write.UPDATE);
    assertThat(steps.get(1).uuid()).isEqualTo("f-uuid");
    assertThat(NmProfileBuilder.string(steps.get(1).settings(), "connection", "uuid")).isEqualTo("f-uuid");
    assertThat(steps.get(0).flags() & NmFlags.NO_REAPPLY).isNotZero();
  }

  @Test
  void removingAbsentProfiles_isANoOp() {
    var steps = NmTranslator.translate(V, List.of(), List.of(new Action.RemoveBond(ID, B, "gone")));
    assertThat(steps).extracting(NmStep::write).containsExactly(Write.NONE);
  }

  static NmConnectionSettings foreign(String name, String uuid) {
    Map<String, Map<String, Variant<?>>> s = new java.util.LinkedHashMap<>();
    s.put("connection", new java.util.LinkedHashMap<>(Map.of("id", new Variant<>(name),
        "uuid", new Variant<>(uuid), "type", new Variant<>("bond"))));
    return NmConnectionSettings.of(s);
  }

}
