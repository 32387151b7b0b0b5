package dev.hnvd.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The one entry point of the jar. Java cannot see argv[0], so the launcher script (which every
 * command name is a symlink to) passes the name it was invoked as in HNVD_ARGV0; without it the
 * first argument names the command ({@code java -jar hnvd.jar hcnqrydev DRC_INDEX=…}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(System.getenv("HNVD_ARGV0"), Arrays.asList(args), System.getenv(), System.out, System.err));
  }

  /** Runs one command and returns its exit status; used by tests in-process. */
  public static int run(String argv0, List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    String name = argv0 == null ? "" : basename(argv0);
    List<String> rest = args;
    if (name.isEmpty() || name.equals("hnvd-launcher") || name.endsWith(".jar")) {
      if (args.isEmpty()) {
        err.println("usage: hnvd-launcher COMMAND [ARGS...]  (COMMAND: hnvd, hnvctl, "
            + String.join(", ", DynamicRm.NAMES.stream().sorted().toList()) + ")");
        return 1;
      }
      name = basename(args.get(0));
      rest = args.subList(1, args.size());
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
    if (name.equals("hcnversion") || (name.equals("hcnmgr") && rest.size() == 1 && rest.get(0).equals("-V"))) {
      Version.print(out);
      return 0;
    }
    Settings settings = Settings.fromEnv(env);
    if (name.equals("hnvd")) {
      // First: DynamicRm's logger would initialise logging before the daemon picks its level.
      return DaemonCommand.run(rest, settings, out, err);
    }
    if (DynamicRm.NAMES.contains(name)) {
      return new DynamicRm(name, out, Wiring::engine).run(rest, settings);
    }
    if (name.equals("hnvctl")) {
      return HnvCtl.run(rest, settings, out, err);
    }
    // hcnmgr exited 0 for an unknown name (its fallback was the literal pattern "default)").
    out.println("[ERROR]:" + name + ":unknown command " + name);
    return 1;
  }

  private static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
