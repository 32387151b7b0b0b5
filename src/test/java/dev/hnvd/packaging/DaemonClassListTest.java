package dev.hnvd.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class list the daemon's class-data archive is dumped from (packaging/cds, recorded on the
 * rig by {@code sudo BENCH_ONLY=classlist scripts/bench}). A class of ours renamed or removed since
 * it was recorded would silently fall out of the archive and cost memory again: this fails first.
 */
class DaemonClassListTest {
  private static final Path LIST = Path.of("packaging/cds/hnvd-daemon.classlist");

  @Test
  void everyClassOfOursInTheList_stillExists_andTheDaemonsCoreIsListed() throws IOException {
    List<String> ours = Files.readAllLines(LIST).stream()
        .filter(l -> l.startsWith("dev/hnvd/"))
        .map(l -> l.split("\\s+")[0])
        .toList();
    assertThat(ours).contains("dev/hnvd/daemon/Daemon", "dev/hnvd/engine/Engine",
        "dev/hnvd/backend/nm/NmClient", "dev/hnvd/platform/Discoverer");
    for (String c : ours) {
      assertThat(getClass().getClassLoader().getResource(c + ".class"))
          .as("%s is in %s but no longer exists: re-record the list with "
              + "'sudo BENCH_ONLY=classlist scripts/bench'", c, LIST)
          .isNotNull();
    }
  }

  /** A list cut short (the recording JVM stopped mid-line) makes the archive dump fail at install. */
  @Test
  void everyLineIsComplete() throws IOException {
    String text = Files.readString(LIST);
    assertThat(text).endsWith("\n");
    for (String l : text.split("\n")) {
      if (l.startsWith("#")) {
        continue; // the JVM's own header
      } else if (l.startsWith("@lambda-proxy ")) {
        assertThat(l.split(" ")).as(l).hasSize(10);
      } else if (l.startsWith("@")) {
        assertThat(l).as(l).startsWith("@lambda-form-invoker [");
      } else {
        assertThat(l).as(l).matches("[\\w/$.-]+( id: \\d+)?");
      }
    }
  }

  @Test
  void theListCarriesTheJdkClassesToo_notOnlyOurs() throws IOException {
    List<String> lines = Files.readAllLines(LIST);
    assertThat(lines).contains("java/lang/Object").anyMatch(l -> l.startsWith("org/freedesktop/dbus/"));
    assertThat(lines.size()).isGreaterThan(1000);
  }
}
