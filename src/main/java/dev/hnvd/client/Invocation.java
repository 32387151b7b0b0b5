package dev.hnvd.client;

import java.util.List;

/**
 * Which command runs, and with what. Java cannot see argv[0], so the launcher (every command name
 * is a symlink to it) passes the name it was invoked as in HNVD_ARGV0; invoked as the launcher
 * itself or as a jar, the first argument names the command ({@code java -jar hnvd.jar hcnqrydev
 * DRC_INDEX=…}).
 *
 * @param name the command's name, e.g. {@code hcnqrydev}; empty when none was given
 * @param args its arguments
 */
public record Invocation(String name, List<String> args) {
  public Invocation {
    args = List.copyOf(args);
  }

  public static Invocation of(String argv0, List<String> args) {
    String name = argv0 == null ? "" : basename(argv0);
    if (name.isEmpty() || name.equals("hnvd-launcher") || name.endsWith(".jar")) {
      if (args.isEmpty()) {
        return new Invocation("", args);
      }
      return new Invocation(basename(args.get(0)), args.subList(1, args.size()));
    }
    return new Invocation(name, args);
  }

  private static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
