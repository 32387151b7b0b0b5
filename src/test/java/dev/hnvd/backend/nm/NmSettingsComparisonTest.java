package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

/** Settings compared as NM means them: defaults, option spellings and D-Bus integer types. */
class NmSettingsComparisonTest {
  static final NmVersion V142 = NmProfileBuilderTest.V142;

  @Test
  void covers_treatsNmDefaultsAndOptionSpellingsAsEqual() {
    var desired = NmProfileBuilder.bond("bond00000001", Optional.empty(), Optional.empty(), V142);
    var stored = NmProfileBuilder.copy(desired);
    stored.get("connection").remove("autoconnect");
    stored.get("connection").put("permissions", new Variant<>(List.of(), "as"));
    stored.groups().put("bond", Map.of("options", new Variant<>(Map.of("mode", "1", "miimon", "100",
        "fail_over_mac", "follow 2"), "a{ss}")));

    assertThat(NmSettingsComparison.covers(stored, desired)).isTrue();
    assertThat(NmSettingsComparison.covers(stored,
        NmProfileBuilder.bond("bond00000001", Optional.of("x"), Optional.empty(), V142))).isFalse();
  }
}
