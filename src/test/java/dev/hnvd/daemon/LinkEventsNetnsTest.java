package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real rtnetlink listener against a real kernel: in a network namespace of its own (as root;
 * nothing touches the root namespace), a veth pair appears and the listener wakes its waiters
 * within a second. Without root or netns support the test is skipped, and fails under CI=true.
 */
@Tag("rig")
class LinkEventsNetnsTest {
  private final String netns = "hnvd-le-" + ProcessHandle.current().pid();
  private boolean created;

  private static String run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", argv) + ": timed out");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + ": exit " + p.exitValue() + ": " + out);
    }
    return out;
  }

  @BeforeEach
  void namespace() {
    try {
      run("ip", "netns", "add", netns);
      created = true;
    } catch (IOException | InterruptedException e) {
      String why = "cannot create a network namespace for the netlink test: " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why, e);
      }
      Assumptions.abort(why);
    }
  }

  @AfterEach
  void removeNamespace() throws Exception {
    if (created) {
      run("ip", "netns", "del", netns); // takes the veth pair with it
    }
  }

  @Test
  void aVethAppearingInTheNamespace_wakesTheListenerWithinASecond() throws Exception {
    LinkChanges changes = new LinkChanges();
    List<Long> heard = new ArrayList<>();
    changes.onChange(() -> {
      synchronized (heard) {
        heard.add(System.nanoTime());
      }
    });
    try (LinkEvents events = LinkEvents.openIn(Path.of("/run/netns", netns), changes)) {
      long seen = changes.seen();
      long start = System.nanoTime();
      run("ip", "-n", netns, "link", "add", "hle0", "type", "veth", "peer", "name", "hle1");
      long added = System.nanoTime();
      changes.await(seen, Duration.ofSeconds(1));
      assertThat(changes.seen()).as("link events after a veth was added").isGreaterThan(seen);
      synchronized (heard) {
        assertThat(heard).isNotEmpty();
        // Heard after the command started and within a second of its end.
        assertThat(heard.get(0)).isGreaterThanOrEqualTo(start);
        assertThat(Duration.ofNanos(heard.get(0) - added)).isLessThan(Duration.ofSeconds(1));
      }

      // A carrier change (the pair going up) is an event too.
      long before = changes.seen();
      run("ip", "-n", netns, "link", "set", "hle0", "up");
      run("ip", "-n", netns, "link", "set", "hle1", "up");
      changes.await(before, Duration.ofSeconds(1));
      assertThat(changes.seen()).as("link events after the pair came up").isGreaterThan(before);
    }
  }
}
