package dev.hnvd.uml;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Tier 2 against REAL wicked 0.6.80 (the vendored build, scripts/uml/wicked-build, cached under
 * /var/cache/hnvd-rig): every flow of {@link Tier2ScenariosUmlTest} with wickedd and wickedd-nanny
 * instead of NetworkManager, plus what only SLES has (an admin's {@code wicked ifreload}, adoption
 * of the VF's own ifcfg file, foreign ifcfg/ifroute files). Two boots of
 * {@code run-guest --manager wicked}: {@code lpm-wicked.sh} and {@code offline-wicked.sh}; see
 * docs/wicked.md "Verified against real wicked". A rig that cannot start (the build fails, no
 * UML) fails under CI=true.
 */
@Tag("uml")
class Tier2WickedUmlTest {
  private static final List<String> WICKED = List.of("--manager", "wicked");

  @TestFactory
  Stream<DynamicTest> lpmWicked_adoptionReloadLiveMigrationBusyFailoverRmhcn() throws Exception {
    return UmlBoot.run("lpm-wicked.sh", 1500, WICKED).verdicts(List.of(
        new UmlBoot.Scenario("s1", "adoption (static): the VF's ifcfg IP moves to the bond within 5 s, file untouched"),
        new UmlBoot.Scenario("sA", "an admin's IPADDR + wicked ifreload: no product ifup/ifdown meanwhile, key kept"),
        new UmlBoot.Scenario("s2", "active LPM under a ping stream: qrydev, rmdev, hot-remove, new VF, cfgdrc, 0 lost"),
        new UmlBoot.Scenario("s3", "hcnqrydev busy (error code 16) without a working backup"),
        new UmlBoot.Scenario("s4", "failover and primary restore without any command"),
        new UmlBoot.Scenario("s7", "hcnrmhcn: bond, ifcfg file and kernel bond gone, foreign file untouched")));
  }

  @TestFactory
  Stream<DynamicTest> offlineWicked_inactiveMigrationKill9DhcpAdoption() throws Exception {
    return UmlBoot.run("offline-wicked.sh", 1500, WICKED).verdicts(List.of(
        new UmlBoot.Scenario("s5", "inactive migration: converged at start, YaST bond, uplink and ifroute files untouched"),
        new UmlBoot.Scenario("s6", "SIGKILL mid-configure, restart: converged, journal replayed, plan empty"),
        new UmlBoot.Scenario("s8", "adoption (DHCP): the lease moves to the bond within 5 s, file untouched")));
  }
}
