package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RootsTest {
  @Test
  void defaults_underRoot() {
    Roots r = Roots.of(Path.of("/tmp/x"), null, null);

    assertThat(r.deviceTree()).isEqualTo(Path.of("/tmp/x/proc/device-tree"));
    assertThat(r.sysfs()).isEqualTo(Path.of("/tmp/x/sys"));
  }

  @Test
  void overrides_win() {
    Roots r = Roots.of(Path.of("/tmp/x"), Path.of("/dt"), Path.of("/sys"));

    assertThat(r.deviceTree()).isEqualTo(Path.of("/dt"));
    assertThat(r.sysfs()).isEqualTo(Path.of("/sys"));
  }

  @Test
  void resolve_absolutePathStaysUnderRoot() {
    Roots r = Roots.of(Path.of("/tmp/x"), null, null);

    assertThat(r.resolve("/etc/os-release")).isEqualTo(Path.of("/tmp/x/etc/os-release"));
    assertThat(r.resolve("//proc/cpuinfo")).isEqualTo(Path.of("/tmp/x/proc/cpuinfo"));
    assertThat(r.resolve("/")).isEqualTo(Path.of("/tmp/x"));
  }

  @Test
  void system_isTheRealRoot() {
    Roots r = Roots.system();

    assertThat(r.root()).isEqualTo(Path.of("/"));
    assertThat(r.deviceTree()).isEqualTo(Path.of("/proc/device-tree"));
    assertThat(r.sysfs()).isEqualTo(Path.of("/sys"));
    assertThat(r.resolve("/proc/cpuinfo")).isEqualTo(Path.of("/proc/cpuinfo"));
  }
}
