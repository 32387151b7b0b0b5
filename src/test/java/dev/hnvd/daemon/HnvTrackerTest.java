package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.engine.HnvReading;
import dev.hnvd.metrics.DaemonFigures;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.PortKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The change tracking behind the signals and the history counters, look by look. */
class HnvTrackerTest {
  static final HcnId ID = HcnId.parse("1a2b");
  static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
  HnvTracker tracker = new HnvTracker();

  static HnvReading on(String port, PortKind kind, boolean carrier, boolean safe) {
    return new HnvReading(ID, "bond00001a2b", 2, 2, Optional.ofNullable(port), Optional.ofNullable(kind), carrier,
        safe, safe ? "env3 of bond00001a2b has carrier" : "no other port of bond00001a2b has carrier");
  }

  static final HnvReading VF = on("enP1", PortKind.SRIOV, true, true);
  static final HnvReading VF_DOWN = on("enP1", PortKind.SRIOV, false, true);
  static final HnvReading VNIC = on("env3", PortKind.VNIC, true, false);
  static final HnvReading NONE = on(null, null, false, true);

  private List<HnvTracker.Change> look(int second, HnvReading... now) {
    return tracker.observe(List.of(now), T0.plusSeconds(second));
  }

  private DaemonFigures.Hnv figures() {
    return tracker.figures().get(ID);
  }

  @Test
  void firstLook_isTheBaseline() {
    assertThat(look(0, VF)).isEmpty();
    assertThat(figures().failovers()).isZero();
  }

  @Test
  void failover_thenRestore_countedSignalledAndTimed() {
    look(0, VF);
    assertThat(look(10, VF_DOWN)).isEmpty();
    List<HnvTracker.Change> c = look(12, VNIC);
    assertThat(c).containsExactly(
        new HnvTracker.ActivePortChanged(ID, "bond00001a2b", Optional.of("enP1"), Optional.of("env3"),
            Optional.of(PortKind.VNIC)),
        new HnvTracker.MigrationSafetyChanged(ID, "bond00001a2b", false, VNIC.safety()));
    assertThat(figures().failovers()).isEqualTo(1);
    assertThat(figures().lastSwitchoverSeconds()).contains(2.0);
    look(72, VNIC);
    assertThat(figures().backupSeconds()).isEqualTo(60.0);
    assertThat(look(100, VF)).hasSize(2);
    assertThat(figures().restores()).isEqualTo(1);
    assertThat(figures().backupSeconds()).isEqualTo(88.0);
    // Seen in one step: no outage was observed before the change.
    assertThat(figures().lastSwitchoverSeconds()).contains(0.0);
  }

  @Test
  void backupToVf_throughNoActivePort_isStillARestore() {
    look(0, VNIC);
    look(5, NONE);
    look(8, VF);
    assertThat(figures().restores()).isEqualTo(1);
    assertThat(figures().failovers()).isZero();
    assertThat(figures().lastSwitchoverSeconds()).contains(3.0);
  }

  @Test
  void appearAndVanish_keepTheCounters() {
    look(0);
    assertThat(look(1, VF)).containsExactly(new HnvTracker.Appeared(ID, "bond00001a2b"));
    look(2, VNIC);
    assertThat(look(3)).containsExactly(new HnvTracker.Vanished(ID, "bond00001a2b"));
    assertThat(tracker.current()).isEmpty();
    assertThat(figures().failovers()).isEqualTo(1);
    assertThat(figures().backupSeconds()).isEqualTo(1.0);
  }
}
