package dev.hnvd.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** hcnqrydev's gate, per the reference's conformance checklist. */
class SafetyTest {
  static final String BOND = "bond00001a2b";

  private Scenario bonded() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1").vnic(0x1a2b, "env3");
    return s.apply(s.reconcile());
  }

  @Test
  void vfOnlySlave_busy() {
    Scenario s = new Scenario().vf(0x1a2b, "enP1");
    s.apply(s.reconcile());
    assertThat(Safety.query("enP1", BOND, s.current()).safe()).isFalse();
  }

  @Test
  void backupWithCarrier_safe() {
    assertThat(Safety.query("enP1", BOND, bonded().current()).safe()).isTrue();
  }

  @Test
  void backupWithoutCarrier_busy() {
    Scenario s = bonded().link("env3", false);
    Safety.Verdict v = Safety.query("enP1", BOND, s.current());
    assertThat(v.safe()).isFalse();
    assertThat(v.reason()).contains("carrier");
  }

  @Test
  void noBond_safe() {
    assertThat(Safety.query("enP1", BOND, new Scenario().vf(0x1a2b, "enP1").current()).safe()).isTrue();
  }

  @Test
  void vfNotEnslaved_safe() {
    Scenario s = bonded();
    s.apply(new Plan(java.util.List.of(new Action.RemovePort(new dev.hnvd.model.HcnId(0x1a2b), BOND,
        "enP1", "uuid-" + BOND + "-enP1")), java.util.List.of()));
    s.link("env3", false);
    assertThat(Safety.query("enP1", BOND, s.current()).safe()).isTrue();
  }

  @Test
  void slaveNamePrefix_notConfusedWithAnother() {
    // hcnmgr's grep matched eth1 inside eth10.
    Scenario s = new Scenario().vf(0x1a2b, "eth10");
    s.apply(s.reconcile());
    assertThat(Safety.query("eth1", BOND, s.current()).safe()).isTrue();
    assertThat(Safety.query("eth10", BOND, s.current()).safe()).isFalse();
  }
}
