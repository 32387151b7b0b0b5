package dev.hnvd.uml;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Tier 2: the daemon and the DynamicRM commands of THIS build on real kernel bonds, in three
 * User-Mode Linux boots ({@code scripts/uml/scenarios/lpm.sh}: scenarios 1-4,
 * {@code offline.sh}: 5-6, {@code path.sh}: the LPM gate's path evidence; see docs/test-rig-uml.md "Tier 2 scenarios"). Each boot is one test
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
        new UmlBoot.Scenario("s4", "failover and primary restore without any command, both signalled on the bus")));
  }

  @TestFactory
  Stream<DynamicTest> offline_inactiveMigrationAndKill9() throws Exception {
    return UmlBoot.run("offline.sh", 1200).verdicts(List.of(
        new UmlBoot.Scenario("s5", "inactive migration: converged at start, foreign profiles untouched"),
        new UmlBoot.Scenario("s6", "SIGKILL mid-configure, restart: converged, nothing lost, no duplicates")));
  }

  @TestFactory
  Stream<DynamicTest> path_deadBackupPathAndQuietNetwork() throws Exception {
    // HNVD_PATH_IDLE_SECS=600 makes the quiet-network phase the 10-minute run (docs/performance.md).
    int idle = Integer.parseInt(System.getenv().getOrDefault("HNVD_PATH_IDLE_SECS", "75"));
    return UmlBoot.run("path.sh", 900 + idle).verdicts(List.of(
        new UmlBoot.Scenario("p1", "boot: VF + vNIC bond with the LPAR's IP, the daemon watches the paths"),
        new UmlBoot.Scenario("p2", "quiet network: hcnqrydev never busy, the 1 ms pinger loses nothing"),
        new UmlBoot.Scenario("p3", "backup path cut, carrier up: busy within 5 s, journal warning, migration-check 1"),
        new UmlBoot.Scenario("p4", "path back: hcnqrydev safe again")));
  }
}
