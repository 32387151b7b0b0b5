package dev.hnvd.client;

import dev.hnvd.wire.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fast path of every DynamicRM command: hand the command to the running daemon over
 * its Unix socket and print what it answers. When no daemon answers, the caller runs the command
 * in-process: the HMC is never refused because the daemon is down.
 *
 * <p>The rules of the lean path (the client jar: {@code dev.hnvd.client} and {@link Wire}), here
 * and nowhere else, enforced by {@code LeanPathTest} on the compiled classes:
 *
 * <ul>
 *   <li>only JDK classes and each other: a command the daemon answers never loads logback,
 *       picocli or dbus-java (the HMC waits on each call during a migration);
 *   <li>no invokedynamic: no lambda, no method reference; a record only if the path never calls
 *       its generated toString/equals/hashCode (those are invokedynamic). The first
 *       invokedynamic of a JVM builds its method-handle machinery, several milliseconds per
 *       command. String {@code +} is fine: the pom compiles it to StringBuilder calls
 *       ({@code -XDstringConcat=inline}).
 * </ul>
 */
public final class LeanClient {
  /**
   * Names the daemon can run for us: the HMC's commands, which wait on every call during a
   * migration. hnvd, hnvctl (the admin's tool, in-process like any CLI) and unknown names stay local.
   */
  public static final Set<String> FORWARDED =
      Set.of("hcncfgdrc", "hcnrmdev", "hcnrmhcn", "hcnqrydev", "hcnmgr");

  /** How long we wait for the daemon's answer before running the command ourselves. */
  static final long DEFAULT_TIMEOUT_MS = 300_000;

  private LeanClient() {}

  /** The socket a command looks for: HNVD_SOCKET, else {@code <HNVD_ROOT>/run/hnvd/hnvd.sock}. */
  public static Path socketPath(Map<String, String> env) {
    String explicit = env.get("HNVD_SOCKET");
    if (explicit != null && !explicit.isEmpty()) {
      return Path.of(explicit);
    }
    return Path.of(env.getOrDefault("HNVD_ROOT", "/")).resolve("run/hnvd/hnvd.sock");
  }

  /** Whether this invocation goes to the daemon at all (version and help answer locally). */
  public static boolean eligible(String name, List<String> args, Map<String, String> env) {
    if (!FORWARDED.contains(name) || "1".equals(env.get("HNVD_NO_DAEMON"))) {
      return false;
    }
    if (name.equals("hcnmgr")) {
      for (String a : args) {
        if (a.startsWith("-") && !a.startsWith("--") && (a.indexOf('V') > 0 || a.indexOf('h') > 0)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Runs the command in the daemon. Returns its exit code after printing its output, or empty when
   * no daemon answered completely (absent, refused, declined, timed out, or died mid-answer); the
   * DynamicRM operations converge, so running one again in-process is safe.
   */
  public static OptionalInt run(String name, List<String> args, Map<String, String> env, PrintStream out,
      PrintStream err) {
    Path socket = socketPath(env);
    Map<String, String> settings = new TreeMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith("HNVD_") && e.getValue() != null) {
        settings.put(e.getKey(), e.getValue());
      }
    }
    long timeout = parseLong(env.get("HNVD_CLIENT_TIMEOUT_MS"), DEFAULT_TIMEOUT_MS);
    Wire.Reply reply;
    try {
      reply = call(socket, new Wire.Request(name, args, settings), timeout);
    } catch (IOException e) {
      return OptionalInt.empty();
    }
    if (!reply.ran()) {
      return OptionalInt.empty();
    }
    out.write(reply.stdout(), 0, reply.stdout().length);
    out.flush();
    err.write(reply.stderr(), 0, reply.stderr().length);
    err.flush();
    return OptionalInt.of(reply.exit());
  }

  /** One request/reply exchange; the channel is closed by a timer if the daemon takes too long. */
  public static Wire.Reply call(Path socket, Wire.Request request, long timeoutMs) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      Thread timer = new Thread(new Closer(ch, timeoutMs), "hnvd-client-timeout");
      timer.setDaemon(true);
      timer.start();
      try {
        Wire.write(Channels.newOutputStream(ch), Wire.encode(request));
        ch.shutdownOutput();
        InputStream in = Channels.newInputStream(ch);
        return Wire.readReply(in);
      } finally {
        timer.interrupt();
      }
    }
  }

  /**
   * Closes the channel when the daemon takes too long. A class, not a lambda: the first lambda of
   * a JVM bootstraps the method-handle machinery, milliseconds the HMC would wait for.
   */
  private static final class Closer implements Runnable {
    private final SocketChannel ch;
    private final long timeoutMs;

    Closer(SocketChannel ch, long timeoutMs) {
      this.ch = ch;
      this.timeoutMs = timeoutMs;
    }

    @Override
    public void run() {
      try {
        Thread.sleep(timeoutMs);
        ch.close();
      } catch (InterruptedException | IOException e) {
        // Answered in time, or already closed.
      }
    }
  }

  private static long parseLong(String s, long dflt) {
    try {
      return s == null ? dflt : Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
