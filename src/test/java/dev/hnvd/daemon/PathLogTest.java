package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.plan.Gate;
import dev.hnvd.plan.PathEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daemon's memory of the ports' paths, driven by a hand-moved clock. */
class PathLogTest {
  Instant t = Instant.parse("2026-12-06T08:00:00Z");
  final PathLog log = new PathLog();

  private Instant at(long ms) {
    return t.plusMillis(ms);
  }

  @Test
  void echo_isLifeForTheBackup_andForThePortItLeftBy() {
    log.watch(List.of("enP1", "env3"), at(0));
    log.echo("env3", "enP1", at(100));
    PathEvidence e = log.evidence(List.of("enP1", "env3"), at(200));
    assertThat(e.seen("env3")).get().extracting(PathEvidence.Seen::source).isEqualTo("echo");
    assertThat(e.seen("enP1")).get().extracting(PathEvidence.Seen::source).isEqualTo("echo-out");
    assertThat(e.alive("env3", at(200), Gate.WINDOW)).isTrue();
    assertThat(e.alive("env3", at(4101), Gate.WINDOW)).isFalse();
  }

  @Test
  void rxGrowth_countsOnlyWhenAllowed() {
    log.watch(List.of("env3"), at(0));
    log.rx("env3", 10, at(0), false);
    log.rx("env3", 20, at(500), false);
    assertThat(log.evidence(List.of("env3"), at(500)).seen("env3")).isEmpty();
    log.rx("env3", 30, at(1000), true);
    assertThat(log.evidence(List.of("env3"), at(1000)).seen("env3")).get()
        .extracting(PathEvidence.Seen::source).isEqualTo("rx");
    // The first read is a baseline, not growth.
    log.rx("enP1", 5, at(1000), true);
    assertThat(log.evidence(List.of("enP1"), at(1000)).seen("enP1")).isEmpty();
  }

  @Test
  void probes_onlyAfterSilence_atMostOneASecond() {
    log.watch(List.of("env3"), at(0));
    assertThat(log.probeDue("b", List.of("env3"), at(0))).as("never heard: probe").isTrue();
    assertThat(log.probeDue("b", List.of("env3"), at(500))).as("gap").isFalse();
    log.echo("env3", "enP1", at(520));
    assertThat(log.probeDue("b", List.of("env3"), at(1500))).as("heard 1 s ago").isFalse();
    assertThat(log.probeDue("b", List.of("env3"), at(2020))).as("silent 1.5 s").isTrue();
    // A dead path: one probe a second, never more.
    int sent = 0;
    for (long ms = 2020; ms < 12_020; ms += 250) {
      sent += log.probeDue("b", List.of("env3"), at(ms)) ? 1 : 0;
    }
    assertThat(sent).isBetween(9, 10);
  }

  @Test
  void quietHealthyNetwork_probesEveryTwoSecondsAndNeverLooksDead() {
    log.watch(List.of("env3"), at(0));
    int probes = 0;
    for (long ms = 0; ms < 600_000; ms += 250) {
      if (log.probeDue("b", List.of("env3"), at(ms))) {
        probes++;
        log.echo("env3", "enP1", at(ms + 5));
      }
      if (ms > 10) {
        assertThat(log.evidence(List.of("env3"), at(ms)).alive("env3", at(ms), Gate.WINDOW)).isTrue();
      }
      assertThat(log.news("b", "env3", at(ms))).isEmpty();
    }
    // 10 minutes: one probe per 1.5-2 s, i.e. 300-400.
    assertThat(probes).isBetween(300, 401);
  }

  @Test
  void news_deathOnceWithinTheWindow_andRecoveryOnce() {
    log.watch(List.of("env3"), at(0));
    log.echo("env3", "enP1", at(0));
    assertThat(log.news("b", "env3", at(100))).isEmpty();
    assertThat(log.news("b", "env3", at(4000))).isEmpty();
    assertThat(log.news("b", "env3", at(4100))).get().asString()
        .contains("backup env3 has carrier but its path answered 4.1 s ago");
    assertThat(log.news("b", "env3", at(6000))).isEmpty();
    log.echo("env3", "enP1", at(7000));
    assertThat(log.news("b", "env3", at(7100))).get().asString().contains("answers again");
    assertThat(log.news("b", "env3", at(7200))).isEmpty();
  }

  @Test
  void news_aBackupNeverHeard_isReportedAfterTheWindow() {
    log.watch(List.of("env3"), at(0));
    assertThat(log.news("b", "env3", at(3000))).isEmpty();
    assertThat(log.news("b", "env3", at(Gate.WINDOW.toMillis() + 1))).get().asString()
        .contains("never answered");
  }

  @Test
  void forget_startsAfresh() {
    log.watch(List.of("env3"), at(0));
    log.echo("env3", "enP1", at(0));
    log.forget("env3");
    log.watch(List.of("env3"), at(5000));
    PathEvidence e = log.evidence(List.of("env3"), at(5000));
    assertThat(e.seen("env3")).isEmpty();
    assertThat(e.since()).isEqualTo(at(5000));
    assertThat(Duration.between(e.since(), at(5000))).isZero();
  }

  @Test
  void probeFrame_isAnRfc5227ArpProbe() {
    byte[] mac = {2, 0, 0, 0, 3, 1};
    byte[] f = PacketSocket.probe(mac, new byte[] {(byte) 169, (byte) 254, 10, 2});
    assertThat(f).hasSize(60);
    assertThat(java.util.Arrays.copyOfRange(f, 0, 6)).containsOnly((byte) -1);
    assertThat(java.util.Arrays.copyOfRange(f, 6, 12)).isEqualTo(mac);
    assertThat(f[12]).isEqualTo((byte) 0x08);
    assertThat(f[13]).isEqualTo((byte) 0x06);
    assertThat(f[21]).as("op request").isEqualTo((byte) 1);
    assertThat(java.util.Arrays.copyOfRange(f, 28, 32)).as("sender 0.0.0.0").containsOnly((byte) 0);
    assertThat(java.util.Arrays.copyOfRange(f, 38, 42)).containsExactly((byte) 169, (byte) 254, 10, 2);
    assertThat(PacketSocket.echoOf(new PacketSocket.Frame(f, false), mac)).isTrue();
    assertThat(PacketSocket.echoOf(new PacketSocket.Frame(f, true), mac)).as("our own send").isFalse();
    assertThat(PacketSocket.echoOf(new PacketSocket.Frame(f, false), new byte[] {2, 0, 0, 0, 3, 2})).isFalse();
  }

  @Test
  void gatewayFromProcNetRoute(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path route = dir.resolve("route");
    // 169.254.0.1 as the kernel prints it on a little-endian host.
    java.nio.file.Files.writeString(route, "Iface\tDestination\tGateway \tFlags\n"
        + "bond0\t0000FEA9\t00000000\t0001\nbond0\t00000000\t0100FEA9\t0003\n");
    var gw = PortFacts.gateway(route, "bond0");
    if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
      assertThat(gw).get().isEqualTo(new byte[] {(byte) 169, (byte) 254, 0, 1});
    }
    assertThat(PortFacts.gateway(route, "bond1")).isEmpty();
    assertThat(PortFacts.ipv4("10.0.0.300")).isNull();
    assertThat(PortFacts.ipv4("10.0.0.3")).containsExactly(10, 0, 0, 3);
  }
}
