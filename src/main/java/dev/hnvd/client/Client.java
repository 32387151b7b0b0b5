package dev.hnvd.client;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The entry point of {@code hnvd-client.jar}: a jar of a few classes that only hands a command to
 * the running daemon. The launcher runs it when the daemon's socket exists, because a JVM starts
 * faster from a small jar and a small class-data archive than from the application's (the HMC waits
 * on every hcnqrydev; docs/performance.md). When no daemon answers, it prints nothing and exits
 * {@link #NOT_ANSWERED}; the launcher then runs the command with the whole application.
 */
public final class Client {
  /**
   * "Nobody answered, nothing printed": EX_TEMPFAIL. No hnvd command exits with it (DynamicRM
   * codes are 0, 1, 5, 16, 19, 22 and 101; hnvctl's 0 to 2), so the launcher can tell.
   */
  public static final int NOT_ANSWERED = 75;

  private Client() {}

  public static void main(String[] args) {
    System.exit(run(System.getenv("HNVD_ARGV0"), args, System.getenv()));
  }

  static int run(String argv0, String[] args, Map<String, String> env) {
    Invocation inv = Invocation.of(argv0, Arrays.asList(args));
    if (!LeanClient.eligible(inv.name(), inv.args(), env)) {
      return NOT_ANSWERED;
    }
    OptionalInt answered = LeanClient.run(inv.name(), inv.args(), env, Utf8Out.out(), Utf8Out.err());
    return answered.isPresent() ? answered.getAsInt() : NOT_ANSWERED;
  }
}
