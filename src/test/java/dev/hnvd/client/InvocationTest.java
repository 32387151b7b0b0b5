package dev.hnvd.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InvocationTest {
  @Test
  void theInvokedName_isTheCommand_whateverTheDirectory() {
    assertThat(Invocation.of("/usr/sbin/hcnqrydev", List.of("DRC_INDEX=1", "HCN_ID=2")))
        .isEqualTo(new Invocation("hcnqrydev", List.of("DRC_INDEX=1", "HCN_ID=2")));
    assertThat(Invocation.of("hnvctl", List.of())).isEqualTo(new Invocation("hnvctl", List.of()));
  }

  @Test
  void asTheLauncherOrAJar_theFirstArgumentNamesTheCommand() {
    assertThat(Invocation.of("/usr/lib/hnvd/hnvd-launcher", List.of("/x/hcncfgdrc", "DRC_INDEX=1")))
        .isEqualTo(new Invocation("hcncfgdrc", List.of("DRC_INDEX=1")));
    assertThat(Invocation.of("hnvd.jar", List.of("hcnversion")))
        .isEqualTo(new Invocation("hcnversion", List.of()));
    assertThat(Invocation.of(null, List.of("hcnmgr", "-s"))).isEqualTo(new Invocation("hcnmgr", List.of("-s")));
    assertThat(Invocation.of("", List.of()).name()).isEmpty();
  }

  /** hnvd-launcher --make-cds runs this to record the client's classes: it must walk the path. */
  @Test
  void cdsTraining_walksTheClientPathAgainstItsOwnStandIn_andSucceeds() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Xlog:class+load=info", CdsTraining.class.getName()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("dev.hnvd.client.LeanClient ").contains("sun.nio.ch.SocketChannelImpl ")
        .contains("dev.hnvd.wire.Wire$Reply ");
  }
}
