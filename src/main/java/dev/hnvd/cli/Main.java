package dev.hnvd.cli;

import dev.hnvd.engine.Version;
import dev.hnvd.engine.DynamicRm;
import dev.hnvd.engine.EngineFactory;
import dev.hnvd.engine.Settings;
import dev.hnvd.client.Invocation;
import dev.hnvd.client.LeanClient;
import dev.hnvd.client.Utf8Out;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The entry point of the application jar, for every command name (see {@link Invocation}). The
 * launcher runs {@code hnvd-client.jar} first when the daemon runs ({@link dev.hnvd.client.Client});
 * this class takes the same path first, so either jar alone does the right thing.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintStream out = Utf8Out.out();
    PrintStream err = Utf8Out.err();
    // Anything that still writes to System.out/err (logback's console appender) speaks UTF-8 too.
    System.setOut(out);
    System.setErr(err);
    System.exit(run(System.getenv("HNVD_ARGV0"), Arrays.asList(args), System.getenv(), out, err));
  }

  /** Runs one command and returns its exit status; used by tests in-process. */
  public static int run(String argv0, List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    Invocation inv = Invocation.of(argv0, args);
    String name = inv.name();
    List<String> rest = inv.args();
    if (name.isEmpty() || name.equals("--help") || name.equals("-h") || name.equals("help")) {
      return usage(name.isEmpty() ? err : out, name.isEmpty() ? 1 : 0);
    }
    // Before anything heavy is loaded: if the daemon runs, it answers (fast, serialised with its
    // event handling); if not, we run the command ourselves below.
    if (LeanClient.eligible(name, rest, env)) {
      OptionalInt answered = LeanClient.run(name, rest, env, out, err);
      if (answered.isPresent()) {
        return answered.getAsInt();
      }
    }
    // The HMC reads the feature list: answer without loading logging or the engine.
    if ((name.equals("hcnversion") && !rest.contains("--help") && !rest.contains("-h")) || (name.equals("hcnmgr") && rest.size() == 1 && rest.get(0).equals("-V"))) {
      Version.print(out);
      return 0;
    }
    Settings settings = Settings.fromEnv(env);
    if (name.equals("hnvd")) {
      // First: DynamicRm's logger would initialise logging before the daemon picks its level.
      return HnvdCommand.run(rest, settings, out, err);
    }
    if (DynamicRm.NAMES.contains(name)) {
      return new DynamicRm(name, out, s -> EngineFactory.engine(s, GatePaths.of(s))).run(rest, settings);
    }
    if (name.equals("hnvctl")) {
      return HnvCtl.run(rest, settings, out, err);
    }
    // hcnmgr exited 0 for an unknown name (its fallback was the literal pattern "default)").
    out.println("[ERROR]:" + name + ":unknown command " + name);
    err.println("(java -jar hnvd.jar --help lists the commands)");
    return 1;
  }

  /**
   * How to run the jar or the launcher directly: the installed commands are symlinks named after
   * the command, so a newcomer holding only the jar (or src/main/sh/hnvd-launcher) needs this.
   */
  private static int usage(PrintStream to, int rc) {
    String names = String.join(" | ", DynamicRm.NAMES.stream().sorted().toList());
    to.println("usage: java -jar hnvd.jar COMMAND [ARGS...]");
    to.println("       hnvd-launcher COMMAND [ARGS...]   (run from the source tree: HNVD_JAR=target/hnvd.jar)");
    to.println("COMMAND: hnvctl | hnvd | " + names);
    to.println("Installed, each COMMAND is a symlink to the launcher and runs by its own name.");
    to.println("Help: java -jar hnvd.jar hnvctl --help, java -jar hnvd.jar hcnmgr -h, man hnvctl");
    return rc;
  }
}
