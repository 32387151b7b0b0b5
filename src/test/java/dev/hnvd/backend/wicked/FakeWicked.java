package dev.hnvd.backend.wicked;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in {@code wicked} program: a shell script in a temp dir that appends each argument list
 * (one call per line, arguments separated by single spaces) to {@code calls.log}, prints noise on
 * stdout and exits with the code stored in {@code exit-code} (0 when absent).
 */
final class FakeWicked {
  static final String STDOUT_NOISE = "wicked-fake-stdout-noise";

  private final Path dir;

  FakeWicked(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    String script = "#!/bin/sh\n"
        + "printf '%s\\n' \"$*\" >> '" + log() + "'\n"
        + "echo " + STDOUT_NOISE + "\n"
        + "echo wicked-fake-stderr >&2\n"
        + "if [ -f '" + dir.resolve("sleep") + "' ]; then sleep \"$(cat '" + dir.resolve("sleep") + "')\"; fi\n"
        + "if [ -f '" + dir.resolve("exit-code") + "' ]; then exit \"$(cat '" + dir.resolve("exit-code") + "')\"; fi\n"
        + "exit 0\n";
    Files.writeString(program(), script, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(program(), PosixFilePermissions.fromString("rwx------"));
  }

  Path program() {
    return dir.resolve("wicked");
  }

  private Path log() {
    return dir.resolve("calls.log");
  }

  /** Makes every later call exit with {@code code}. */
  void failWith(int code) throws IOException {
    Files.writeString(dir.resolve("exit-code"), Integer.toString(code));
  }

  /** Makes every later call hang for {@code seconds}. */
  void hangFor(int seconds) throws IOException {
    Files.writeString(dir.resolve("sleep"), Integer.toString(seconds));
  }

  /** The argument lists of every call so far, e.g. {@code "ifup bond00001a2b"}. */
  List<String> calls() throws IOException {
    return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
  }
}
