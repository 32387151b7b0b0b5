package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product does not depend on its caller's locale (the HMC's DynamicRM runs us with
 * {@code LANG=C}). The real launcher runs the real JVM under C, POSIX and a locale that does not
 * exist, and the JVM alone (no launcher) runs under C, over a tree whose names are raw bytes:
 *
 * <pre>
 * proc/device-tree/
 *   pci@800000020000021/ethernet@0     VF of 0x1a2b, interface enP32775p1s0
 *   vdevice/vnic@30000003              backup of 0x1a2b, interface "café" (UTF-8 bytes c3 a9)
 *   vdevice/l-lan@3000000\xff          an HNV node whose name is not UTF-8
 * sys/class/net/x\xfe                  an interface whose name is not UTF-8
 * </pre>
 */
class CLocaleTest {
  static final Path LAUNCHER = Path.of("src/main/sh/hnvd-launcher").toAbsolutePath();

  @TempDir Path dir;
  FakeLpar lpar;

  @BeforeEach
  void tree() throws IOException {
    lpar = FakeLpar.in(dir.resolve("root")).exampleHnv();
    Path net = lpar.sysfs().resolve("class/net");
    // The vNIC's interface gets a UTF-8 name: the class/net link is what names it.
    Files.move(net.resolve("env3"), raw(net, "caf%C3%A9"));
    lpar.veth("30000005", 0x1a2b, "backup");
    Path vdevice = lpar.deviceTree().resolve("vdevice");
    Files.move(vdevice.resolve("l-lan@30000005"), raw(vdevice, "l-lan@3000000%FF"));
    Files.createDirectories(raw(net, "x%FE"));
  }

  /** {@code dir/name} with {@code name} given as percent-encoded bytes, whatever our own locale. */
  static Path raw(Path dir, String percentEncoded) {
    return Path.of(URI.create(dir.toAbsolutePath().toUri() + percentEncoded));
  }

  @ParameterizedTest
  @ValueSource(strings = {"launcher C", "launcher POSIX", "launcher xx_YY.bogus", "jvm C", "jvm POSIX"})
  void discover_json_servesTheTree_andNamesWhatItCannotDecode(String how) throws Exception {
    Run r = run(how, "hnvctl", "--root", lpar.root().toString(), "discover", "--json");
    assertThat(r.err + r.out).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.exit).as(r.err).isZero();
    assertThat(r.out).contains("\"ifname\": \"enP32775p1s0\"")
        .contains("\"ifname\": \"café\"")
        .contains("/vdevice/l-lan@3000000\\\\xff: node name is not valid UTF-8")
        .contains("interface x\\\\xfe: name is not valid UTF-8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"launcher C", "jvm C", "jvm POSIX"})
  void dynamicRm_validArguments_areNotAnInvalidArgument(String how) throws Exception {
    Run r = run(how, "hcnqrydev", "DRC_INDEX=30000003", "HCN_ID=1a2b");
    assertThat(r.out).doesNotContain("error code 22").doesNotContain("Malformed");
    assertThat(r.exit).as(r.out + r.err).isZero();
    assertThat(r.out).contains("device café can be removed");
  }

  /** The daemon's boot reconcile under C: it crashed with a trace and retried every 15 s. */
  @ParameterizedTest
  @ValueSource(strings = {"launcher C", "jvm C"})
  void daemon_bootReconcile_servesTheTree(String how) throws Exception {
    Files.createDirectories(lpar.root().resolve("etc/sysconfig/network"));
    lpar.osRelease("sles", "15.5");
    String[] h = how.split(" ");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    if (h[0].equals("launcher")) {
      Path link = dir.resolve("hnvd");
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, LAUNCHER);
      cmd.add(link.toString());
    } else {
      cmd.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    }
    cmd.addAll(List.of("--no-bus", "--root", lpar.root().toString(), "--backend", "wicked"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.startsWith("HNVD_") || k.equals("JAVA_OPTS")
        || k.equals("NOTIFY_SOCKET") || k.startsWith("WATCHDOG_"));
    env.put("LANG", h[1]);
    env.put("LC_ALL", h[1]);
    env.put("HNVD_ARGV0", "hnvd");
    env.put("JAVA", java);
    env.put("HNVD_JAR", appJar().toString());
    env.put("HNVD_DAEMON_CDS", "");
    Process p = pb.start();
    StringBuilder log = new StringBuilder();
    try (java.io.BufferedReader r = new java.io.BufferedReader(
        new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      String line;
      while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
        log.append(line).append('\n');
        if (line.contains("hnvd ready")) {
          break;
        }
      }
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(log.toString()).contains("hnvd ready").contains("replan (boot): 1 changes")
        .contains("add port café to bond00001a2b")
        .doesNotContain("crashed").doesNotContain("Exception").doesNotContain("failed");
    assertThat(Files.readString(lpar.root().resolve("etc/sysconfig/network/ifcfg-bond00001a2b"), StandardCharsets.UTF_8))
        .contains("café");
  }

  record Run(int exit, String out, String err) {}

  private Run run(String how, String name, String... args) throws Exception {
    String[] h = how.split(" ");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    if (h[0].equals("launcher")) {
      Path link = dir.resolve(name);
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, LAUNCHER);
      cmd.add(link.toString());
    } else {
      cmd.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    }
    cmd.addAll(List.of(args));
    if (name.startsWith("hcn")) {
      cmd.add("--root");
      cmd.add(lpar.root().toString());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.startsWith("HNVD_") || k.equals("JAVA_OPTS"));
    env.put("LANG", h[1]);
    env.put("LC_ALL", h[1]);
    env.put("HNVD_NO_DAEMON", "1");
    env.put("HNVD_ROOT", lpar.root().toString());
    env.put("HNVD_ARGV0", name);
    env.put("JAVA", java);
    env.put("HNVD_JAR", appJar().toString());
    env.put("HNVD_CDS", "");
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err.get(), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** A jar of nothing but a manifest pointing at this build's classes: what the launcher runs. */
  private Path appJar() throws IOException {
    Path jar = dir.resolve("hnvd.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    StringBuilder cp = new StringBuilder();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      cp.append(Path.of(e).toUri()).append(' ');
    }
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().strip());
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
      j.flush();
    }
    return jar;
  }
}
