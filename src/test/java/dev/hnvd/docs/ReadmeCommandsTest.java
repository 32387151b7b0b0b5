package dev.hnvd.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's two commands run exactly as written on a fresh Debian 12 machine where one is root:
 * no {@code sudo} (not installed there), each an executable script of this repository.
 */
class ReadmeCommandsTest {
  @Test
  void theTwoCommands_areRepositoryScripts_withoutSudo() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## The two commands");
    assertThat(section).isNotNegative();
    int open = readme.indexOf("```sh\n", section);
    int close = readme.indexOf("```", open + 6);
    List<String> commands = readme.substring(open + 6, close).lines()
        .map(l -> l.replaceAll("#.*$", "").strip()).filter(l -> !l.isEmpty()).toList();

    assertThat(commands).containsExactly("scripts/demo", "scripts/test");
    for (String c : commands) {
      assertThat(Files.isExecutable(Path.of(c))).as(c).isTrue();
      assertThat(Files.readString(Path.of(c))).as(c).startsWith("#!/bin/bash\n");
      // Runs no sudo itself (messages may suggest it to a non-root user).
      assertThat(Files.readAllLines(Path.of(c))).as(c)
          .noneMatch(l -> !l.strip().startsWith("#") && l.matches("(^|.*[;&|(]|.*\\bthen|.*\\bdo)\\s*sudo\\s.*"));
    }
  }
}
