package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.plan.Profile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

/** The pure profile builder: exact reference dictionaries, D-Bus types, mark, overlay. */
class NmProfileBuilderTest {
  static final NmVersion V142 = NmVersion.parse("1.42.4");

  @Test
  void bond_isTheReferenceProfileWithExactDbusTypes() {
    var s = NmProfileBuilder.bond("bond00001a2b", Optional.of("eth1"), Optional.empty(), V142);

    assertThat(s.keySet()).containsExactly("connection", "bond", "ipv4", "ipv6", "user");
    Map<String, Variant<?>> c = s.get("connection");
    assertThat(c.get("autoconnect-slaves").getSig()).as("int32, never uint32").isEqualTo("i");
    assertThat(c.get("autoconnect").getValue()).isEqualTo(true);
    assertThat(c).doesNotContainKeys("controller", "port-type", "autoconnect-ports");
    assertThat(s.get("bond").get("options").getSig()).isEqualTo("a{ss}");
    assertThat(NmSettingsComparison.plain(s.get("bond").get("options"))).isEqualTo(Map.of(
        "mode", "active-backup", "miimon", "100", "fail_over_mac", "follow", "primary", "eth1"));
    assertThat(NmProfileBuilder.get(s, "ipv4", "method")).isEqualTo("disabled");
    assertThat(NmProfileBuilder.get(s, "ipv6", "method")).isEqualTo("disabled");
    assertThat(NmProfileBuilder.owned(s)).isTrue();
  }

  @Test
  void bond_withoutPrimary_hasNoPrimaryOption() {
    var s = NmProfileBuilder.bond("bond00001a2b", Optional.empty(), Optional.empty(), V142);
    assertThat(NmProfileBuilder.stringMap(NmProfileBuilder.get(s, "bond", "options"))).doesNotContainKey("primary");
  }

  @Test
  void bond_withIpFrom_takesOverIpv4AndIpv6() {
    Map<String, Map<String, Variant<?>>> foreign = Map.of(
        "connection", Map.of("id", new Variant<>("Wired")),
        "ipv4", Map.of("method", new Variant<>("auto")),
        "ipv6", Map.of("method", new Variant<>("dhcp")));
    var s = NmProfileBuilder.bond("bond00001a2b", Optional.empty(), Optional.of(NmConnectionSettings.of(foreign)), V142);
    assertThat(NmProfileBuilder.get(s, "ipv4", "method")).isEqualTo("auto");
    assertThat(NmProfileBuilder.get(s, "ipv6", "method")).isEqualTo("dhcp");
    assertThat(NmProfileBuilder.string(s, "connection", "id")).isEqualTo("bond00001a2b");
  }

  @Test
  void port_isEthernetEnslavedByLegacyNamesWithoutIp() {
    var s = NmProfileBuilder.port("bond00001a2b", "eth-1");
    assertThat(s.keySet()).containsExactly("connection", "802-3-ethernet", "user");
    assertThat(NmSettingsComparison.plain(s.get("connection"))).isEqualTo(Map.of(
        "id", "bond00001a2b-eth-1", "uuid", NmProfileBuilder.uuidFor("bond00001a2b-eth-1"),
        "type", "802-3-ethernet", "interface-name", "eth-1", "master", "bond00001a2b",
        "slave-type", "bond", "autoconnect", true));
  }

  @Test
  void uuid_isDeterministicAndDistinctPerName() {
    assertThat(NmProfileBuilder.uuidFor("bond00001a2b")).isEqualTo(NmProfileBuilder.uuidFor("bond00001a2b"));
    assertThat(NmProfileBuilder.uuidFor("bond00001a2b")).isNotEqualTo(NmProfileBuilder.uuidFor("bond00001a2c"));
  }

  @Test
  void mark_keepsOtherUserDataAndHasANamespaceDot() {
    Map<String, Map<String, Variant<?>>> s = Map.of("user", Map.of("data",
        new Variant<>(Map.of("org.example.x", "1"), "a{ss}")));
    var marked = NmProfileBuilder.withMark(NmConnectionSettings.of(s));
    assertThat(NmProfileBuilder.MARK_KEY).contains(".");
    assertThat(NmProfileBuilder.stringMap(NmProfileBuilder.get(marked, "user", "data")))
        .isEqualTo(Map.of("org.example.x", "1", "hnvd.owner", "hnvd"));
    assertThat(NmProfileBuilder.owned(NmConnectionSettings.of(s))).isFalse();
    assertThat(NmProfileBuilder.owned(marked)).isTrue();
  }

  @Test
  void toProfile_classifiesBondPortAndOther() {
    var bond = NmProfileBuilder.toProfile(NmProfileBuilder.bond("bond00000001", Optional.of("a"), Optional.empty(), V142));
    var port = NmProfileBuilder.toProfile(NmProfileBuilder.port("bond00000001", "a"));
    Map<String, Map<String, Variant<?>>> wired = Map.of(
        "connection", Map.of("id", new Variant<>("Wired"), "uuid", new Variant<>("u1"),
            "type", new Variant<>("802-3-ethernet"), "interface-name", new Variant<>("a")),
        "ipv4", Map.of("method", new Variant<>("auto")));
    var other = NmProfileBuilder.toProfile(NmConnectionSettings.of(wired));

    assertThat(bond.type()).isEqualTo(Profile.Type.BOND);
    assertThat(bond.owned()).isTrue();
    assertThat(bond.hasIpConfig()).isFalse();
    assertThat(bond.bondOptions()).containsEntry("primary", "a");
    assertThat(port.type()).isEqualTo(Profile.Type.BOND_PORT);
    assertThat(port.controller()).isEqualTo("bond00000001");
    assertThat(other.type()).isEqualTo(Profile.Type.OTHER);
    assertThat(other.owned()).isFalse();
    assertThat(other.hasIpConfig()).isTrue();
    assertThat(other.key()).isEqualTo("u1");
  }

  @Test
  void overlay_keepsUnknownKeysButReplacesIpWhole() {
    Map<String, Map<String, Variant<?>>> existing = Map.of(
        "connection", Map.of("id", new Variant<>("b"), "zone", new Variant<>("trusted")),
        "ipv4", Map.of("method", new Variant<>("manual"), "dns", new Variant<>(List.of(), "au")));
    var desired = NmProfileBuilder.bond("b", Optional.empty(), Optional.empty(), V142);
    var out = NmProfileBuilder.overlay(NmConnectionSettings.of(existing), desired);
    assertThat(NmProfileBuilder.get(out, "connection", "zone")).isEqualTo("trusted");
    assertThat(out.get("ipv4").keySet()).containsExactly("method");
  }

  @Test
  void version_featuresByVersion() {
    assertThat(NmVersion.parse("1.30.6").update2Flags()).isEqualTo(NmFlags.TO_DISK | NmFlags.NO_REAPPLY);
    assertThat(NmVersion.parse("1.18.0").compareTo(NmVersion.MINIMUM)).isNegative();
    assertThat(NmVersion.parse("1.52.1-1").compareTo(NmVersion.MINIMUM)).isPositive();
    assertThat(NmVersion.parse("1.42.4").checkpointFlags()).isEqualTo(NmFlags.CHECKPOINT_DELETE_NEW_CONNECTIONS);
  }
}
