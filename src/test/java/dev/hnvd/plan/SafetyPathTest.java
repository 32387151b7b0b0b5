package dev.hnvd.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The LPM gate under the path policy: carrier is not enough, the path must have answered lately. */
class SafetyPathTest {
  static final String BOND = "bond00001a2b";
  static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

  private Scenario bonded() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1").vnic(0x1a2b, "env3");
    return s.apply(s.reconcile());
  }

  private static Gate path(Map<String, PathEvidence.Seen> seen) {
    return new Gate(Gate.Policy.PATH, new PathEvidence(Optional.empty(), NOW.minusSeconds(60), seen), NOW, Gate.WINDOW);
  }

  private static PathEvidence.Seen ago(long ms) {
    return new PathEvidence.Seen(NOW.minusMillis(ms), "echo");
  }

  @Test
  void backupCarrierAndFreshEcho_safe() {
    Safety.Verdict v = Safety.query("enP1", BOND, bonded().current(), path(Map.of("env3", ago(800))));
    assertThat(v.safe()).isTrue();
    assertThat(v.reason()).contains("env3").contains("path answered 0.8 s ago (echo)");
  }

  @Test
  void backupCarrierButPathSilent_busy() {
    Safety.Verdict v = Safety.query("enP1", BOND, bonded().current(), path(Map.of("env3", ago(4500))));
    assertThat(v.safe()).isFalse();
    assertThat(v.reason()).contains("no other port of " + BOND + " has a live path")
        .contains("env3 has carrier but its path answered 4.5 s ago");
  }

  @Test
  void backupNeverSeen_busy_sayingHowLongWatched() {
    Safety.Verdict v = Safety.query("enP1", BOND, bonded().current(), path(Map.of()));
    assertThat(v.safe()).isFalse();
    assertThat(v.reason()).contains("never answered in 60.0 s of watching");
  }

  @Test
  void carrierDown_busyWhateverTheEvidence() {
    Safety.Verdict v = Safety.query("enP1", BOND, bonded().link("env3", false).current(), path(Map.of("env3", ago(10))));
    assertThat(v.safe()).isFalse();
    assertThat(v.reason()).contains("has carrier");
  }

  @Test
  void carrierPolicy_isHcnmgrsRule_evenWithADeadPath() {
    Gate g = new Gate(Gate.Policy.CARRIER, path(Map.of()).evidence(), NOW, Gate.WINDOW);
    Safety.Verdict v = Safety.query("enP1", BOND, bonded().current(), g);
    assertThat(v).isEqualTo(Safety.query("enP1", BOND, bonded().current()));
    assertThat(v.safe()).isTrue();
  }

  @Test
  void unknownEvidence_fallsBackToCarrier_andSaysSo() {
    Gate g = new Gate(Gate.Policy.PATH, PathEvidence.unknown("no packet socket: errno 1"), NOW, Gate.WINDOW);
    Safety.Verdict v = Safety.query("enP1", BOND, bonded().current(), g);
    assertThat(v.safe()).isTrue();
    assertThat(v.reason()).contains("path not checked: no packet socket: errno 1");
  }

  @Test
  void deviceNotAPort_safeUnderPathToo() {
    assertThat(Safety.query("enP9", BOND, bonded().current(), path(Map.of())).safe()).isTrue();
  }

  @Test
  void theQueriedPortsOwnEvidence_doesNotCount() {
    Safety.Verdict v = Safety.query("enP1", BOND, bonded().current(), path(Map.of("enP1", ago(10))));
    assertThat(v.safe()).isFalse();
  }

  /** Safe exactly when the backup's last sign of life is within the window. */
  @Property
  void safeIffWithinWindow(@ForAll @LongRange(min = 0, max = 20_000) long ageMs) {
    Safety.Verdict v = Safety.query("enP1", BOND, bonded().current(), path(Map.of("env3", ago(ageMs))));
    assertThat(v.safe()).isEqualTo(ageMs <= Gate.WINDOW.toMillis());
  }

  /** The path policy never says safe where hcnmgr's carrier rule says busy. */
  @Property
  void pathIsNeverLaxerThanCarrier(@ForAll boolean carrier, @ForAll @LongRange(min = 0, max = 20_000) long ageMs) {
    Scenario s = bonded().link("env3", carrier);
    boolean byPath = Safety.query("enP1", BOND, s.current(), path(Map.of("env3", ago(ageMs)))).safe();
    boolean byCarrier = Safety.query("enP1", BOND, s.current()).safe();
    assertThat(!byPath || byCarrier).isTrue();
  }

  @Test
  void policyWords() {
    assertThat(Gate.Policy.parse(" Path ")).isEqualTo(Gate.Policy.PATH);
    assertThat(Gate.Policy.parse("carrier")).isEqualTo(Gate.Policy.CARRIER);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Gate.Policy.parse("ping"))
        .hasMessageContaining("'path' or 'carrier'");
    assertThat(Duration.ofSeconds(4)).isEqualTo(Gate.WINDOW);
  }
}
