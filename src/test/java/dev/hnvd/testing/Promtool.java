package dev.hnvd.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own checker ({@code promtool check metrics}, Debian's prometheus package, installed
 * by scripts/install-deps): what a scrape would accept, not our idea of the format. Missing under
 * CI=true is a failure, elsewhere a skip.
 */
public final class Promtool {
  private Promtool() {}

  /** promtool's findings for {@code text} (empty when it passes) and its exit status. */
  public record Result(int exit, String output) {}

  public static Result checkMetrics(String text) {
    Process p;
    try {
      p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    } catch (IOException e) {
      String why = "promtool not installed (apt-get install prometheus; scripts/install-deps does): " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
      return null;
    }
    try {
      p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("promtool did not finish in 60 s");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
