package dev.hnvd.backend.wicked;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: the bond options the wicked backend writes (its golden ifcfg files) are accepted by a
 * real kernel's bonding driver, in a User-Mode Linux guest (scripts/uml/scenarios/ifcfg-kernel.sh).
 */
@Tag("uml")
class WickedKernelUmlTest {

  @Test
  void goldenIfcfgBonds_buildRealKernelBonds() throws Exception {
    Path repo = Path.of(System.getProperty("user.dir"));
    Path runGuest = repo.resolve("scripts/uml/run-guest");
    if (!Files.isExecutable(runGuest)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("no " + runGuest + " (the UML rig)");
      }
      Assumptions.abort("no UML rig");
    }
    // hostfs cannot reach a guest tmpfs such as /tmp: keep results under the repo's target/.
    Path results = Files.createDirectories(repo.resolve("target/uml/ifcfg-kernel"));
    Process p = new ProcessBuilder(runGuest.toString(), "--no-nm", "--timeout", "300", results.toString(),
        repo.resolve("scripts/uml/scenarios/ifcfg-kernel.sh").toString())
        .redirectErrorStream(true).redirectOutput(results.resolve("run-guest.log").toFile()).start();
    boolean ended = p.waitFor(330, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String log = read(results.resolve("scenario.log"));
    assertThat(ended).as("guest finished: " + read(results.resolve("run-guest.log"))).isTrue();
    assertThat(log).contains("PASS create-bond", "PASS add-slave", "PASS set-primary", "PASS remove-slave",
        "4 passed, 0 failed").doesNotContain("FAIL ");
    assertThat(p.exitValue()).as(log).isZero();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(no " + p.getFileName() + ")";
    }
  }
}
