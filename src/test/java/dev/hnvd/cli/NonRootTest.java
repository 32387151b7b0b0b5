package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.hnvd.platform.ProcessUser;
import dev.hnvd.testing.FakeLpar;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change asked for by a user who is not root says so, with code 1 (EPERM), instead of
 * "error code 16, cannot lock …" (E_BUSY sends the admin looking for a lock holder). Run for real:
 * the JVM as {@code nobody} (setpriv), over a copy of this build's class path it can read.
 */
class NonRootTest {
  @TempDir Path dir;
  FakeLpar lpar;
  String classPath;

  @BeforeEach
  void setUp() throws IOException {
    boolean ci = "true".equals(System.getenv("CI"));
    if (!ci) {
      assumeThat(ProcessUser.effectiveUid().orElse(-1)).as("needs root to drop to nobody").isZero();
    }
    assertThat(ProcessUser.effectiveUid()).as("the suite runs as root").hasValue(0);
    lpar = FakeLpar.in(dir.resolve("root")).exampleHnv();
    List<String> cp = new ArrayList<>();
    int n = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path src = Path.of(e);
      Path dst = dir.resolve("cp").resolve((n++) + "-" + src.getFileName());
      copy(src, dst);
      cp.add(dst.toString());
    }
    classPath = String.join(File.pathSeparator, cp);
    // Readable by everyone, as /usr/lib/hnvd and /proc are; run/ stays root's.
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (!Files.isSymbolicLink(p)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
  }

  private static void copy(Path src, Path dst) throws IOException {
    if (!Files.isDirectory(src)) {
      Files.createDirectories(dst.getParent());
      Files.copy(src, dst);
      return;
    }
    try (Stream<Path> all = Files.walk(src)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path t = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  private String[] asNobody(String argv0, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-cp", classPath,
        Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("HNVD_"));
    pb.environment().put("HNVD_ARGV0", argv0);
    pb.environment().put("HNVD_ROOT", lpar.root().toString());
    pb.environment().put("HNVD_BACKEND", "wicked");
    pb.directory(dir.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new String[] {Integer.toString(p.exitValue()), out};
  }

  @Test
  void cfgdrc_asNobody_saysItMustRunAsRoot_code1() throws Exception {
    String[] r = asNobody("hcncfgdrc", "DRC_INDEX=20000011");
    assertThat(r[0]).as(r[1]).isEqualTo("1");
    assertThat(r[1]).contains("[ERROR]:hcncfgdrc:error code 1, Operation not permitted: hcncfgdrc "
        + "changes the network configuration and must run as root (effective uid 65534)")
        .doesNotContain("error code 16").doesNotContain("cannot lock");
  }

  @Test
  void qrydev_asNobody_stillAnswers_itChangesNothing() throws Exception {
    String[] r = asNobody("hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r[1]).doesNotContain("must run as root");
    assertThat(r[0]).as(r[1]).isEqualTo("0");
  }

  @Test
  void scan_json_asNobody_isANotPermittedObject() throws Exception {
    String[] r = asNobody("hnvctl", "scan", "--json");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("\"code\": 1").contains("must run as root");
  }
}
