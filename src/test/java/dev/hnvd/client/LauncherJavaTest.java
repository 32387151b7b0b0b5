package dev.hnvd.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher finds a Java 17 or later the way each distribution installs it, in fake trees
 * (HNVD_JVM_ROOT): RHEL 8/9 (/usr/lib/jvm/jre-17 next to a Java 8), RHEL 10 (only 21),
 * SLES 15 (/usr/lib64/jvm/java-17-openjdk-17), SLES 16 (/usr/lib64/jvm/java-21-openjdk-21),
 * JAVA_HOME, the alternatives' java, java on PATH; a Java older than 17 is never taken. Each fake
 * {@code bin/java} only says who it is.
 */
class LauncherJavaTest {
  @TempDir Path dir;
  Path root;
  Path tools;

  @BeforeEach
  void setUp() throws IOException {
    root = dir.resolve("sys");
    tools = dir.resolve("tools");
    Files.createDirectories(tools);
    // The launcher needs readlink on its last resorts; no real java may be on this PATH.
    Files.createSymbolicLink(tools.resolve("readlink"), Path.of("/usr/bin/readlink"));
    Files.writeString(dir.resolve("hnvd.jar"), "app");
  }

  /** A Java home at {@code rel} under the fake root whose release says {@code version}. */
  private Path jvm(String rel, String version) throws IOException {
    Path home = rel.startsWith("/") ? Path.of(rel) : root.resolve(rel);
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
    Path java = home.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\necho \"java=$0 from=$HNVD_JAVA_FROM\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  private record Run(int exit, String out) {}

  private Run run(String argv0, Map<String, String> env) throws Exception {
    Path link = dir.resolve(argv0);
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, LauncherScriptTest.LAUNCHER);
    ProcessBuilder pb = new ProcessBuilder(List.of(link.toString())).redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("HNVD_") || k.equals("JAVA") || k.equals("JAVA_HOME") || k.equals("JAVA_OPTS"));
    e.put("PATH", tools.toString());
    e.put("HNVD_JVM_ROOT", root.toString());
    e.put("HNVD_JAR", dir.resolve("hnvd.jar").toString());
    e.put("HNVD_NO_DAEMON", "1");
    e.putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private String java(Map<String, String> env) throws Exception {
    Run r = run("hnvctl", env);
    assertThat(r.exit()).as(r.out()).isZero();
    return r.out().strip();
  }

  @Test
  void rhel9_jre17_nextToJava8() throws Exception {
    jvm("usr/lib/jvm/java-1.8.0-openjdk-1.8.0.392.b08-4.el9.ppc64le", "1.8.0_392");
    Path j17 = jvm("usr/lib/jvm/java-17-openjdk-17.0.9.0.9-2.el9.ppc64le", "17.0.9");
    Files.createSymbolicLink(root.resolve("usr/lib/jvm/jre-17"), j17);
    assertThat(java(Map.of())).startsWith("java=" + j17 + "/bin/java");
  }

  @Test
  void rhel10_onlyJava21() throws Exception {
    Path j21 = jvm("usr/lib/jvm/java-21-openjdk", "21.0.5");
    assertThat(java(Map.of())).startsWith("java=" + j21 + "/bin/java");
  }

  @Test
  void sles15_lib64() throws Exception {
    jvm("usr/lib64/jvm/java-11-openjdk-11", "11.0.21");
    Path j17 = jvm("usr/lib64/jvm/java-17-openjdk-17", "17.0.9");
    assertThat(java(Map.of())).startsWith("java=" + j17 + "/bin/java");
  }

  @Test
  void sles16_lib64_java21_and17Preferred() throws Exception {
    Path j21 = jvm("usr/lib64/jvm/java-21-openjdk-21", "21.0.5");
    assertThat(java(Map.of())).startsWith("java=" + j21 + "/bin/java");
    Path j17 = jvm("usr/lib64/jvm/jre-17-openjdk", "17.0.13");
    assertThat(java(Map.of())).startsWith("java=" + j17 + "/bin/java");
  }

  @Test
  void javaHome_wins_whenItIs17OrLater_andIsIgnoredWhenOlder() throws Exception {
    Path j17 = jvm("usr/lib64/jvm/java-17-openjdk-17", "17.0.9");
    Path mine = jvm(dir.resolve("opt/jdk-21").toString(), "21.0.1");
    assertThat(java(Map.of("JAVA_HOME", mine.toString()))).isEqualTo("java=" + mine + "/bin/java from=JAVA_HOME");
    Path old = jvm(dir.resolve("opt/jdk-11").toString(), "11.0.2");
    assertThat(java(Map.of("JAVA_HOME", old.toString()))).startsWith("java=" + j17 + "/bin/java");
  }

  @Test
  void alternativesJava_thenPathJava() throws Exception {
    Path alt = jvm(dir.resolve("opt/alt-17").toString(), "17.0.2");
    Files.createDirectories(root.resolve("etc/alternatives"));
    Files.createSymbolicLink(root.resolve("etc/alternatives/java"), alt.resolve("bin/java"));
    assertThat(java(Map.of())).startsWith("java=" + alt + "/bin/java");
    Files.delete(root.resolve("etc/alternatives/java"));
    Path onPath = jvm(dir.resolve("opt/path-25").toString(), "25");
    Files.createSymbolicLink(tools.resolve("java"), onPath.resolve("bin/java"));
    assertThat(java(Map.of())).startsWith("java=" + onPath + "/bin/java");
  }

  @Test
  void noJava17_dynamicRmGetsAnErrorLine_exit1() throws Exception {
    jvm("usr/lib/jvm/java-1.8.0-openjdk", "1.8.0_392");
    jvm("usr/lib64/jvm/java-11-openjdk-11", "11.0.21");
    Run r = run("hcnqrydev", Map.of());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("[ERROR]:hcnqrydev:error code 1, no Java 17 or later found")
        .doesNotContain("java=");
  }
}
