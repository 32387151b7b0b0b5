package dev.hnvd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.plan.Gate;
import dev.hnvd.plan.PathEvidence;
import dev.hnvd.testing.FakeLpar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every caller of the LPM gate goes through the engine's one rule: hcnqrydev (the HMC's contract:
 * exit 1, error code 16), migration-check, status; the policy knob brings back hcnmgr's rule.
 */
class GateEngineTest {
  static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
  @TempDir Path dir;
  FakeLpar lpar;
  final AtomicReference<Map<String, PathEvidence.Seen>> seen = new AtomicReference<>(Map.of());

  @BeforeEach
  void lpar() {
    lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0").primary("enP32775p1s0");
  }

  private Engine engine(Gate.Policy policy) {
    PathWatch paths = (bond, ports) -> new PathEvidence(Optional.empty(), NOW.minusSeconds(30), seen.get());
    return new Engine(lpar::discover, () -> true, lpar.kernel(), () -> {
      // The gate never needs it; status reads the kernel's view without it.
      throw new dev.hnvd.model.HnvException(dev.hnvd.model.HnvException.Kind.UNREACHABLE, "no manager in this test");
    }, Duration.ZERO, LinkWait.every(Duration.ZERO), paths, policy, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private record Answer(int exit, String out) {}

  private Answer qrydev(Engine e) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int rc = new DynamicRm("hcnqrydev", new PrintStream(b, true, StandardCharsets.UTF_8), s -> e)
        .run(List.of("DRC_INDEX=20000011", "HCN_ID=1a2b"), Settings.fromEnv(Map.of("HNVD_ROOT", dir.toString())));
    return new Answer(rc, b.toString(StandardCharsets.UTF_8));
  }

  @Test
  void deadPathWithCarrier_hcnqrydevAnswersBusy_code16_exit1() {
    seen.set(Map.of("env3", new PathEvidence.Seen(NOW.minusSeconds(6), "echo")));
    Answer a = qrydev(engine(Gate.Policy.PATH));
    assertThat(a.exit()).isEqualTo(1);
    assertThat(a.out()).contains("[ERROR]:hcnqrydev:error code 16, Network device busy, no backup device (no other port"
        + " of bond00001a2b has a live path (env3 has carrier but its path answered 6.0 s ago (echo)");
  }

  @Test
  void livePath_safe_exit0_withTheEvidenceInTheLine() {
    seen.set(Map.of("env3", new PathEvidence.Seen(NOW.minusMillis(1200), "echo")));
    Answer a = qrydev(engine(Gate.Policy.PATH));
    assertThat(a.exit()).isZero();
    assertThat(a.out()).contains("[INFO]:device enP32775p1s0 can be removed: env3 of bond00001a2b has carrier and its"
        + " path answered 1.2 s ago (echo)");
  }

  @Test
  void carrierPolicy_isTodaysAnswer_evenWithADeadPath() {
    seen.set(Map.of());
    Answer a = qrydev(engine(Gate.Policy.CARRIER));
    assertThat(a.exit()).isZero();
    assertThat(a.out()).contains("[INFO]:device enP32775p1s0 can be removed: env3 of bond00001a2b has carrier\n");
  }

  @Test
  void migrationCheckAndStatus_sameRule_sameEvidence() {
    seen.set(Map.of("env3", new PathEvidence.Seen(NOW.minusSeconds(9), "echo"),
        "enP32775p1s0", new PathEvidence.Seen(NOW.minusMillis(300), "rx")));
    Engine e = engine(Gate.Policy.PATH);
    MigrationCheck c = e.migrationCheck();
    assertThat(c.safe()).isFalse();
    assertThat(c.vfs()).singleElement().satisfies(v -> assertThat(v.verdict().reason()).contains("answered 9.0 s ago"));
    assertThat(e.migrationSafety(e.discover())).isEqualTo(c.vfs());
    StatusReport r = e.status();
    StatusReport.HnvStatus h = r.hnvs().get(0);
    assertThat(h.migration()).isEqualTo(c.vfs());
    assertThat(h.ports()).filteredOn(p -> p.ifname().equals("env3")).singleElement().satisfies(p -> {
      assertThat(p.path().alive()).isFalse();
      assertThat(p.path().answeredAt()).isEqualTo(NOW.minusSeconds(9));
      assertThat(p.path().text()).isEqualTo("path answered 9.0 s ago (echo)");
    });
    assertThat(r.json().toString()).contains("answered=2026-12-06T07:59:51Z");
  }

  @Test
  void gateConfig_envWins_fileRead_typoIsPath() throws Exception {
    Path f = dir.resolve("etc/sysconfig/hnvd");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "# comment\nHNVD_MIGRATION_GATE=\"carrier\"\nHNVD_PATH_TARGET=10.0.0.1\n");
    assertThat(GateConfig.read(dir, Map.of())).isEqualTo(new GateConfig(Gate.Policy.CARRIER, Optional.of("10.0.0.1")));
    assertThat(GateConfig.read(dir, Map.of("HNVD_MIGRATION_GATE", "path")).policy()).isEqualTo(Gate.Policy.PATH);
    assertThat(GateConfig.read(dir, Map.of("HNVD_MIGRATION_GATE", "pth")).policy()).isEqualTo(Gate.Policy.PATH);
    assertThat(GateConfig.read(dir.resolve("nowhere"), Map.of())).isEqualTo(new GateConfig(Gate.Policy.PATH, Optional.empty()));
  }
}
