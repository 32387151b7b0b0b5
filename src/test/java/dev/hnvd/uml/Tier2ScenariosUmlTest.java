package dev.hnvd.uml;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Tier 2: the daemon and the DynamicRM commands of THIS build on real kernel bonds, in two
 * User-Mode Linux boots ({@code scripts/uml/scenarios/lpm.sh}: scenarios 1-4,
 * {@code offline.sh}: 5-6; see docs/test-rig-uml.md "Tier 2 scenarios"). Each boot is one test
 * factory; each scenario is one test that passes when the guest recorded PASS lines and no FAIL
 * line for it in results.txt. Results stay in target/uml-tests/&lt;scenario&gt;/.
 */
@Tag("uml")
class Tier2ScenariosUmlTest {

  @TestFactory
  Stream<DynamicTest> lpm_bootLiveMigrationBusyFailover() throws Exception {
    return UmlBoot.run("lpm.sh", 1200).verdicts(List.of(
        new UmlBoot.Scenario("s1", "boot: hnvd builds the bond, VF active and primary, IP moved to the bond"),
        new UmlBoot.Scenario("s2", "active LPM under a ping stream: qrydev, rmdev, hot-remove, new VF, cfgdrc"),
        new UmlBoot.Scenario("s3", "hcnqrydev busy (error code 16) without a working backup"),
        new UmlBoot.Scenario("s4", "failover and primary restore without any command")));
  }

  @TestFactory
  Stream<DynamicTest> offline_inactiveMigrationAndKill9() throws Exception {
    return UmlBoot.run("offline.sh", 1200).verdicts(List.of(
        new UmlBoot.Scenario("s5", "inactive migration: converged at start, foreign profiles untouched"),
        new UmlBoot.Scenario("s6", "SIGKILL mid-configure, restart: converged, nothing lost, no duplicates")));
  }
}
