package dev.hnvd.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BondOptionsTest {
  @Test
  void bondOptions_normaliseNumbersAndKernelSpellings() {
    assertThat(BondOptions.normalise("fail_over_mac", "follow 2")).isEqualTo("follow");
    assertThat(BondOptions.normalise("fail_over_mac", "2")).isEqualTo("follow");
    assertThat(BondOptions.normalise("fail_over_mac", "follow ")).isEqualTo("follow");
    assertThat(BondOptions.normalise("mode", "active-backup 1")).isEqualTo("active-backup");
    assertThat(BondOptions.normalise("mode", "1")).isEqualTo("active-backup");
    assertThat(BondOptions.normalise("miimon", " 100")).isEqualTo("100");
  }

  @Test
  void desired_inWriteOrder_primaryLast() {
    assertThat(BondOptions.desired(Optional.of("enP1"))).containsExactly(
        java.util.Map.entry("mode", "active-backup"), java.util.Map.entry("miimon", "100"),
        java.util.Map.entry("fail_over_mac", "follow"), java.util.Map.entry("primary", "enP1"));
    assertThat(BondOptions.desired(Optional.of(""))).doesNotContainKey("primary");
  }
}
