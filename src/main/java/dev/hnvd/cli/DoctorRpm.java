package dev.hnvd.cli;

import dev.hnvd.cli.Doctor.Check;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The DynamicRM package (IBM RSCT's agent that runs the HMC's HNV commands), asked of rpm. Running
 * rpm is the one sanctioned way to read its database (the format differs between rpm versions);
 * arguments are a fixed list, the run is bounded, and the executable can be replaced by
 * {@code HNVD_RPM} (tests, or an rpm outside PATH).
 */
final class DoctorRpm {
  /** IBM's requirement for HNV: DynamicRM-2.0.7-7 or later (it added the hcn* commands). */
  static final String MIN_VERSION = "2.0.7-7";
  static final String PACKAGE = "DynamicRM";
  private static final long TIMEOUT_SECONDS = 15;

  private DoctorRpm() {}

  /** What rpm said. */
  enum Kind {
    INSTALLED,
    NOT_INSTALLED,
    CANNOT_QUERY
  }

  /**
   * @param kind the outcome
   * @param text VERSION-RELEASE when installed, else rpm's message or why it could not run
   */
  record Answer(Kind kind, String text) {
    Answer {
      Objects.requireNonNull(kind, "kind");
      text = text == null ? "" : text.strip();
    }
  }

  /**
   * Runs {@code <rpm> [--root ROOT] -q --qf %{VERSION}-%{RELEASE} DynamicRM}.
   *
   * @param rpm the executable ("rpm" to search PATH)
   * @param root the file-system root; {@code --root} is passed unless it is {@code /}
   */
  static Answer query(String rpm, Path root) {
    List<String> cmd = new ArrayList<>(List.of(rpm));
    if (root != null && !root.toAbsolutePath().normalize().toString().equals("/")) {
      cmd.add("--root");
      cmd.add(root.toAbsolutePath().toString());
    }
    cmd.addAll(List.of("-q", "--qf", "%{VERSION}-%{RELEASE}", PACKAGE));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
          new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      return new Answer(Kind.CANNOT_QUERY, "cannot run " + rpm + ": " + e.getMessage());
    }
    try {
      String out = readAll(p.getInputStream());
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Answer(Kind.CANNOT_QUERY, rpm + " did not answer within " + TIMEOUT_SECONDS + " s");
      }
      String firstLine = out.lines().findFirst().orElse("").strip();
      if (p.exitValue() == 0 && !firstLine.isEmpty()) {
        return new Answer(Kind.INSTALLED, firstLine);
      }
      if (out.contains("is not installed")) {
        return new Answer(Kind.NOT_INSTALLED, firstLine);
      }
      return new Answer(Kind.CANNOT_QUERY, rpm + " exited " + p.exitValue() + (firstLine.isEmpty() ? "" : ": " + firstLine));
    } catch (IOException e) {
      p.destroyForcibly();
      return new Answer(Kind.CANNOT_QUERY, "reading " + rpm + "'s output: " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Answer(Kind.CANNOT_QUERY, "interrupted while asking " + rpm);
    }
  }

  /** Reads at most 64 KiB: rpm's answer is one line, and a runaway stub must not fill memory. */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[4096];
    int n;
    while ((n = in.read(b)) > 0) {
      if (buf.size() < 65536) {
        buf.write(b, 0, Math.min(n, 65536 - buf.size()));
      }
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  static Check check(Answer a) {
    String fix = "install DynamicRM " + MIN_VERSION + " or later (IBM Power tools repository: "
        + "dnf/zypper install DynamicRM); without it the HMC cannot run hcncfgdrc and friends";
    return switch (a.kind()) {
      case INSTALLED -> DoctorSupport.compareVersions(a.text(), MIN_VERSION) >= 0
          ? Check.pass("dynamicrm", PACKAGE + " " + a.text())
          : Check.fail("dynamicrm", PACKAGE + " " + a.text() + " is older than " + MIN_VERSION
              + ", which added the HNV commands", fix);
      case NOT_INSTALLED -> Check.fail("dynamicrm", PACKAGE + " is not installed", fix);
      case CANNOT_QUERY -> Check.warn("dynamicrm", "cannot query rpm: " + a.text(),
          "check by hand: rpm -q " + PACKAGE + " (" + MIN_VERSION + " or later is needed)");
    };
  }
}
