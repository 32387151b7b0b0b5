package dev.hnvd.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.model.HcnId;
import dev.hnvd.testing.Promtool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The text format itself: escaping, number forms, naming rules, and a daemon's full set through promtool. */
class PromTextTest {
  @Test
  void labelValues_escapeQuotesBackslashesAndNewlines() {
    String t = new PromText().family("x", PromText.Type.GAUGE, "help with \\ and\nnewline")
        .sample(PromText.labels("a", "q\"b\\c\nd"), 1).text();
    assertThat(t).isEqualTo("# HELP x help with \\\\ and\\nnewline\n# TYPE x gauge\nx{a=\"q\\\"b\\\\c\\nd\"} 1\n");
  }

  @Test
  void numbers_wholeAsIntegers_elseDecimal() {
    assertThat(PromText.number(3)).isEqualTo("3");
    assertThat(PromText.number(2.5)).isEqualTo("2.5");
    assertThat(PromText.number(Double.NaN)).isEqualTo("NaN");
    assertThat(PromText.number(1.7e9)).isEqualTo("1700000000");
  }

  @Test
  void counters_mustEndInTotal_namesMustBeValid() {
    assertThatThrownBy(() -> new PromText().family("hnv_failovers", PromText.Type.COUNTER, "x"))
        .hasMessageContaining("_total");
    assertThatThrownBy(() -> new PromText().family("hnv-bad", PromText.Type.GAUGE, "x"))
        .hasMessageContaining("hnv-bad");
  }

  @Test
  void daemonFigures_renderAsValidText() {
    HcnId id = HcnId.parse("1a2b");
    DaemonFigures f = DaemonFigures.of(
        Map.of(id, new DaemonFigures.Hnv("bond00001a2b", 12.25, 2, 1, Optional.of(0.5))),
        Map.of("hcncfgdrc", Map.of("success", 3L, "failure", 1L)),
        Map.of("committed", 4L, "rolled_back", 1L), Optional.of(Instant.parse("2026-12-06T08:00:00.250Z")));
    String t = HnvMetrics.render(List.of(), Optional.of(f));
    assertThat(t.lines()).contains(
        "hnv_backup_seconds_total{hcn_id=\"00001a2b\",bond=\"bond00001a2b\"} 12.25",
        "hnv_last_switchover_seconds{hcn_id=\"00001a2b\",bond=\"bond00001a2b\"} 0.5",
        "hnvd_dynamicrm_commands_total{command=\"hcncfgdrc\",result=\"failure\"} 1",
        "hnvd_rollbacks_total 1");
    String last = t.lines().filter(l -> l.startsWith("hnvd_last_reconcile_timestamp_seconds ")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(last.split(" ")[1]))
        .isEqualTo(Instant.parse("2026-12-06T08:00:00Z").getEpochSecond() + 0.25);
    Promtool.Result r = Promtool.checkMetrics(t);
    assertThat(r.exit()).as(r.output() + "\n" + t).isZero();
  }
}
