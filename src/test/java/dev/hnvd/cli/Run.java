package dev.hnvd.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a command in-process against a fake LPAR and captures what the HMC would see. */
record Run(int exit, String out, String err) {

  static Run of(Path root, String argv0, String... args) {
    return with(Map.of("HNVD_ROOT", root.toString(), "HNVD_RESOLVE_SECONDS", "0"), argv0, args);
  }

  static Run with(Map<String, String> env, String argv0, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(argv0, List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  List<String> lines() {
    return out.lines().toList();
  }
}
