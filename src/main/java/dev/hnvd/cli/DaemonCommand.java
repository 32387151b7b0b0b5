package dev.hnvd.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code hnvd}: the long-running service. */
final class DaemonCommand {
  private DaemonCommand() {}

  static int run(List<String> args, Settings settings, PrintStream out, PrintStream err) {
    err.println("hnvd: the daemon is not built yet; run 'hcnmgr -s' for a one-shot reconcile");
    return 1;
  }
}
