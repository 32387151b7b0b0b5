package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hnvctl doctor says what is true: which Java runs, and what a stopped daemon means. */
class DoctorTruthTest {
  @TempDir Path dir;

  @Test
  void daemonNotRunning_doesNotClaimTheHmcStartsIt() {
    FakeLpar.in(dir).exampleHnv();
    Run r = Run.of(dir, "hnvctl", "doctor");
    assertThat(r.out()).contains("hnvd is not running")
        .doesNotContain("on demand")
        .contains("the HMC's commands still work, each running by itself, but nothing reconciles");
  }

  @Test
  void saysWhichJavaRuns_andHowTheLauncherFoundIt() {
    FakeLpar.in(dir).exampleHnv();
    Run r = Run.of(dir, "hnvctl", "doctor", "--json");
    assertThat(r.out()).contains("\"name\": \"java\"").contains("Java " + System.getProperty("java.runtime.version"))
        .contains(System.getProperty("java.home"));
    Properties p = new Properties();
    p.setProperty("java.runtime.version", "17.0.9+9");
    p.setProperty("java.vendor", "Red Hat, Inc.");
    p.setProperty("java.home", "/usr/lib/jvm/java-17-openjdk-17.0.9.0.9-2.el9.ppc64le");
    assertThat(DoctorChecks.java(p, "/usr/lib64/jvm/jre-17-openjdk").detail()).isEqualTo(
        "Java 17.0.9+9 (Red Hat, Inc.) in /usr/lib/jvm/java-17-openjdk-17.0.9.0.9-2.el9.ppc64le, found at /usr/lib64/jvm/jre-17-openjdk");
    assertThat(DoctorChecks.java(p, "JAVA_HOME").detail()).endsWith(", from $JAVA_HOME");
    assertThat(DoctorChecks.java(p, null).detail()).endsWith(", not started by hnvd-launcher");
  }
}
