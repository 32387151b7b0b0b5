package dev.hnvd.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests of the fleet integrations (Ansible, sos) need from this machine: real tools from
 * Debian, an {@code hnvctl} of this build, and a way to run them. In CI ({@code CI=true}) a missing
 * tool is a failure, never a skip: scripts/install-deps installs them.
 */
final class Host {
  private Host() {}

  /** Fails (CI) or skips (elsewhere) unless {@code command} is on PATH. */
  static void require(String command, String debianPackage) {
    if (!onPath(command)) {
      String why = command + " not found (Debian package " + debianPackage + "; scripts/install-deps installs it)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
  }

  /** Fails (CI) or skips (elsewhere) unless {@code condition} holds. */
  static void require(boolean condition, String why) {
    if (!condition) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /**
   * An executable {@code hnvctl} in {@code dir} that runs this build's CLI (the test class path:
   * tests run before the jar is packaged), as the installed launcher would.
   */
  static Path hnvctl(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path script = dir.resolve("hnvctl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(script, "#!/bin/sh\nexec " + quote(java) + " -Xshare:auto -XX:TieredStopAtLevel=1 -cp "
        + quote(System.getProperty("java.class.path")) + " dev.hnvd.cli.Main hnvctl \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /** One word for sh, whatever it holds. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** A finished command: exit status and its output (stdout and stderr together). */
  record Result(int exit, String out) {}

  /** Runs {@code cmd} in {@code cwd} with {@code env} added, giving up after {@code seconds}. */
  static Result run(Path cwd, Map<String, String> env, int seconds, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    // A file, not a pipe: nothing blocks on a full pipe while we wait, and the output survives a timeout.
    Path log = Files.createTempFile("hnvd-packaging-", ".log");
    try {
      pb.redirectOutput(log.toFile());
      Process p = pb.start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", cmd) + " did not finish within " + seconds + " s:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Like {@link #run}, and asserts exit 0. */
  static String ok(Path cwd, Map<String, String> env, int seconds, String... cmd) throws Exception {
    Result r = run(cwd, env, seconds, cmd);
    assertThat(r.exit()).as(String.join(" ", cmd) + " exits 0; said:\n" + r.out()).isZero();
    return r.out();
  }
}
