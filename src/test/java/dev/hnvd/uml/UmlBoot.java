package dev.hnvd.uml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Assumptions;

/**
 * One boot of the tier-2 UML rig running a scenario of {@code scripts/uml/scenarios} against THIS
 * build's classes, and the verdicts it wrote to {@code results.txt}.
 *
 * <p>Why a classpath and not the jar: {@code mvn verify} runs tests before {@code package}, so
 * {@code target/hnvd.jar} may be missing or stale. The scenarios run
 * {@code java -cp $HNVD_CP dev.hnvd.cli.Main CMD ...} instead: target/classes (reachable in the
 * guest through the repo's hostfs mount) plus the jars of the test classpath, copied under
 * target/ because the guest's /root (and so ~/.m2) is a tmpfs.
 */
final class UmlBoot {
  /** Scenario exit codes of run-guest that mean "the rig could not start", not "a check failed". */
  private static final List<Integer> RIG_BROKEN = List.of(125, 126);

  final Path results;
  final int exitCode;
  final String runLog;
  /** name -> "PASS detail" / "FAIL detail" / "NOTE value", in file order. */
  final Map<String, String> lines;
  final double seconds;

  private UmlBoot(Path results, int exitCode, String runLog, Map<String, String> lines, double seconds) {
    this.results = results;
    this.exitCode = exitCode;
    this.runLog = runLog;
    this.lines = lines;
    this.seconds = seconds;
  }

  /**
   * Boots the guest with {@code scenario} (a file under scripts/uml/scenarios) and waits for it.
   * Aborts the test outside CI and fails it under CI=true when the rig cannot start.
   */
  static UmlBoot run(String scenario, int timeoutSeconds) throws IOException, InterruptedException {
    return run(scenario, timeoutSeconds, List.of());
  }

  /** Like {@link #run(String, int)} with extra run-guest options, e.g. {@code --manager wicked}. */
  static UmlBoot run(String scenario, int timeoutSeconds, List<String> options)
      throws IOException, InterruptedException {
    Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path runGuest = repo.resolve("scripts/uml/run-guest");
    Path script = repo.resolve("scripts/uml/scenarios").resolve(scenario);
    if (!Files.isExecutable(runGuest) || !Files.isReadable(script)) {
      unavailable("no " + runGuest + " or " + script);
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      unavailable("the UML rig needs root (mounts, apt-get, /var/lib/hnvd)");
    }
    Path base = repo.resolve("target/uml-tests");
    Path results = base.resolve(scenario.replace(".sh", ""));
    deleteTree(results);
    Files.createDirectories(results);
    String cp = classpath(base.resolve("cp"));

    long start = System.nanoTime();
    List<String> command = new ArrayList<>(List.of(runGuest.toString(), "--timeout", String.valueOf(timeoutSeconds)));
    command.addAll(options);
    command.add(results.toString());
    command.add(script.toString());
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(repo.toFile())
        .redirectErrorStream(true)
        .redirectOutput(results.resolve("run-guest.log").toFile());
    pb.environment().put("HNVD_CP", cp);
    Process p = pb.start();
    Progress progress = new Progress(scenario, results.resolve("scenario.log"), timeoutSeconds, start);
    progress.say("booting the UML guest (at most " + timeoutSeconds + " s; steps and verdicts follow)");
    while (!p.waitFor(2, TimeUnit.SECONDS)) {
      progress.poll();
      if (System.nanoTime() - start > (timeoutSeconds + 60L) * 1_000_000_000L) {
        p.destroyForcibly();
        p.waitFor(20, TimeUnit.SECONDS);
        break;
      }
    }
    progress.poll();
    double secs = (System.nanoTime() - start) / 1e9;
    int rc = p.isAlive() ? -1 : p.exitValue();
    progress.say("guest finished (run-guest exit " + rc + ")");
    String runLog = read(results.resolve("run-guest.log"));
    if (RIG_BROKEN.contains(rc) && !Files.exists(results.resolve("results.txt"))) {
      unavailable("the UML guest could not start (run-guest exit " + rc + "): " + runLog);
    }
    return new UmlBoot(results, rc, runLog, parse(results.resolve("results.txt")), secs);
  }

  /**
   * Live progress in the build log while a guest runs (a tier-2 boot takes minutes): the
   * scenario's step headings and FAIL verdicts as they appear, a PASS count per step, and a line
   * every minute when the scenario prints nothing. Plain text, no escape codes.
   */
  private static final class Progress {
    private final String name;
    private final Path log;
    private final int timeout;
    private final long start;
    private long offset;
    private long lastSaid;
    private int passes;
    private final StringBuilder partial = new StringBuilder();

    Progress(String scenario, Path log, int timeout, long start) {
      this.name = scenario.replace(".sh", "");
      this.log = log;
      this.timeout = timeout;
      this.start = start;
    }

    void say(String what) {
      long secs = (System.nanoTime() - start) / 1_000_000_000L;
      System.out.println("[tier-2 " + name + " " + secs + "/" + timeout + " s] " + what);
      System.out.flush();
      lastSaid = System.nanoTime();
    }

    void poll() {
      try {
        if (Files.exists(log) && Files.size(log) > offset) {
          try (var ch = Files.newByteChannel(log)) {
            ch.position(offset);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(1 << 20, ch.size() - offset));
            offset += ch.read(buf);
            partial.append(new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8));
          }
          int nl;
          while ((nl = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, nl));
            partial.delete(0, nl + 1);
          }
        }
      } catch (IOException e) {
        // progress only: the verdicts are read from results.txt afterwards
      }
      if (System.nanoTime() - lastSaid > 60_000_000_000L) {
        say("still running" + (passes > 0 ? " (" + passes + " checks passed so far)" : ""));
      }
    }

    private void line(String l) {
      if (l.startsWith("===== ")) {
        say(l.substring(6).replaceAll("\\s+\\[t=.*$", ""));
      } else if (l.startsWith(">>> PASS")) {
        passes++;
      } else if (l.startsWith(">>> FAIL")) {
        say(l.substring(4));
      }
    }
  }

  /** The verdict lines of one scenario (names starting with {@code prefix + "."}). */
  Map<String, String> scenario(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    lines.forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** One scenario of a boot: the prefix of its lines in results.txt, and what it shows. */
  record Scenario(String prefix, String title) {}

  /**
   * One test per scenario (passes when the guest recorded PASS lines and no FAIL line for it),
   * then one for the guest's exit code.
   */
  Stream<DynamicTest> verdicts(List<Scenario> scenarios) {
    Stream<DynamicTest> each = scenarios.stream().map(s -> DynamicTest.dynamicTest(
        s.prefix() + " " + s.title(), () -> {
          Map<String, String> v = scenario(s.prefix());
          assertThat(v.values()).as("verdicts of %s\n%s", s.prefix(), diagnostics())
              .anyMatch(x -> x.startsWith("PASS"))
              .noneMatch(x -> x.startsWith("FAIL"));
        }));
    DynamicTest whole = DynamicTest.dynamicTest("guest finished, scenario exit 0", () ->
        assertThat(exitCode).as(diagnostics()).isZero());
    return Stream.concat(each, Stream.of(whole));
  }

  /** The scenario log and the run-guest log, for failure messages. */
  String diagnostics() {
    String log = read(results.resolve("scenario.log"));
    int from = Math.max(0, log.length() - 6000);
    return "run-guest exit " + exitCode + " after " + Math.round(seconds) + " s; results in " + results
        + "\n--- run-guest.log\n" + runLog + "\n--- scenario.log (tail)\n" + log.substring(from);
  }

  private static Map<String, String> parse(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file)) {
      String[] w = line.split(" ", 3);
      if (w.length >= 2 && (w[0].equals("PASS") || w[0].equals("FAIL") || w[0].equals("NOTE"))) {
        // A name checked twice keeps the FAIL, if any.
        String prev = out.get(w[1]);
        if (prev == null || !prev.startsWith("FAIL")) {
          out.put(w[1], w[0] + (w.length > 2 ? " " + w[2] : ""));
        }
      }
    }
    return out;
  }

  /**
   * target/classes and target/test-classes as they are; every jar copied into {@code jars} (once:
   * same name and size are reused). Paths with commas or spaces cannot be mounted by hostfs.
   */
  private static String classpath(Path jars) throws IOException {
    Files.createDirectories(jars);
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e).toAbsolutePath();
      if (Files.isDirectory(p)) {
        cp.add(p.toString());
      } else if (e.endsWith(".jar") && Files.exists(p)) {
        Path copy = jars.resolve(p.getFileName());
        if (!Files.exists(copy) || Files.size(copy) != Files.size(p)) {
          Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    cp.add(jars + "/*");
    return String.join(":", cp);
  }

  private static void unavailable(String why) {
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail("tier-2 rig cannot run under CI: " + why);
    }
    Assumptions.abort(why);
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(no " + p.getFileName() + ")";
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
