package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DoctorRpm runs a real process: stub rpm scripts answer as rpm does. */
class DoctorRpmTest {
  @TempDir Path dir;

  private Path stub(String body) throws IOException {
    Path s = dir.resolve("rpm");
    Files.writeString(s, "#!/bin/sh\n" + body);
    s.toFile().setExecutable(true);
    return s;
  }

  @Test
  void installed_versionRelease_andArgumentsAsAList() throws IOException {
    Path args = dir.resolve("args");
    Path rpm = stub("printf '%s\\n' \"$@\" > '" + args + "'\nprintf '2.0.7-7'\n");

    DoctorRpm.Answer a = DoctorRpm.query(rpm.toString(), Path.of("/"));

    assertThat(a).isEqualTo(new DoctorRpm.Answer(DoctorRpm.Kind.INSTALLED, "2.0.7-7"));
    assertThat(Files.readAllLines(args)).containsExactly("-q", "--qf", "%{VERSION}-%{RELEASE}", "DynamicRM");
  }

  @Test
  void simulatedRoot_passesRoot() throws IOException {
    Path args = dir.resolve("args");
    Path rpm = stub("printf '%s\\n' \"$@\" > '" + args + "'\necho 2.0.8-1\n");

    DoctorRpm.query(rpm.toString(), dir);

    assertThat(Files.readAllLines(args)).startsWith("--root", dir.toAbsolutePath().toString());
  }

  @Test
  void notInstalled() throws IOException {
    Path rpm = stub("echo 'package DynamicRM is not installed'\nexit 1\n");

    assertThat(DoctorRpm.query(rpm.toString(), Path.of("/")))
        .isEqualTo(new DoctorRpm.Answer(DoctorRpm.Kind.NOT_INSTALLED, "package DynamicRM is not installed"));
  }

  @Test
  void brokenDatabase_cannotQuery() throws IOException {
    Path rpm = stub("echo 'error: cannot open Packages database in /var/lib/rpm' >&2\nexit 1\n");

    DoctorRpm.Answer a = DoctorRpm.query(rpm.toString(), Path.of("/"));

    assertThat(a.kind()).isEqualTo(DoctorRpm.Kind.CANNOT_QUERY);
    assertThat(a.text()).contains("exited 1", "cannot open Packages database");
  }

  @Test
  void noRpmExecutable_cannotQuery() {
    DoctorRpm.Answer a = DoctorRpm.query(dir.resolve("no-such-rpm").toString(), Path.of("/"));

    assertThat(a.kind()).isEqualTo(DoctorRpm.Kind.CANNOT_QUERY);
    assertThat(DoctorRpm.check(a).detail()).startsWith("cannot query rpm: cannot run");
  }
}
