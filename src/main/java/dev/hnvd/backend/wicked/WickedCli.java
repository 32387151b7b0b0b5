package dev.hnvd.backend.wicked;

import dev.hnvd.model.HnvException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code wicked} client with an argument list (never a shell), a timeout on every call,
 * stdin from /dev/null and both output streams captured: wicked's stdout goes to our debug log,
 * never to our stdout (which the HMC parses for hcnmgr's contract).
 */
final class WickedCli {
  private static final Logger LOG = LoggerFactory.getLogger(WickedCli.class);

  /**
   * wicked's "setup in progress" (162) and "no carrier" (168) codes: the request was accepted and
   * the interface is being set up (e.g. a port without link). The kernel verification that follows
   * decides whether that is good enough, so they are not failures here.
   */
  static final List<Integer> ACCEPTED_PENDING = List.of(162, 168);

  private static final int MAX_REPORTED = 2000;

  private final Path program;
  private final Duration timeout;

  WickedCli(Path program, Duration timeout) {
    this.program = program;
    this.timeout = timeout;
  }

  /**
   * Runs {@code wicked <args>}; returns a warning when wicked accepted the request but reported it
   * still in progress. Throws {@link HnvException.Kind#REJECTED} with the exit code and stderr
   * otherwise.
   */
  Optional<String> run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(List.of(args));
    String shown = "wicked " + String.join(" ", args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(new File("/dev/null"));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new HnvException(HnvException.Kind.REJECTED, shown + ": cannot run " + program + ": " + e.getMessage(), e);
    }
    Drain out = Drain.start(p.getInputStream());
    Drain err = Drain.start(p.getErrorStream());
    boolean done;
    try {
      done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new HnvException(HnvException.Kind.REJECTED, shown + ": interrupted", e);
    }
    if (!done) {
      p.destroyForcibly();
      throw new HnvException(HnvException.Kind.REJECTED, shown + ": no answer within " + timeout.toSeconds() + " s");
    }
    int code = p.exitValue();
    String stdout = out.text();
    String stderr = err.text();
    if (!stdout.isBlank()) {
      LOG.trace("{} said: {}", shown, stdout.strip()); // trace: never echoed by a default console config
    }
    if (code == 0) {
      return Optional.empty();
    }
    String detail = stderr.isBlank() ? stdout.strip() : stderr.strip();
    if (detail.length() > MAX_REPORTED) {
      detail = detail.substring(0, MAX_REPORTED) + "…";
    }
    if (ACCEPTED_PENDING.contains(code)) {
      return Optional.of(shown + " reported exit " + code + " (setup still in progress)"
          + (detail.isEmpty() ? "" : ": " + detail));
    }
    throw new HnvException(HnvException.Kind.REJECTED,
        shown + " failed with exit code " + code + (detail.isEmpty() ? "" : ": " + detail));
  }

  /** Reads a stream to the end on its own thread, so a chatty wicked never blocks on a full pipe. */
  private static final class Drain {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final Thread thread;

    private Drain(InputStream in) {
      thread = new Thread(() -> {
        try (in) {
          in.transferTo(buf);
        } catch (IOException e) {
          // The process went away; what was read so far is all there is.
        }
      }, "wicked-output");
      thread.setDaemon(true);
    }

    static Drain start(InputStream in) {
      Drain d = new Drain(in);
      d.thread.start();
      return d;
    }

    String text() {
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (buf) {
        return buf.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
