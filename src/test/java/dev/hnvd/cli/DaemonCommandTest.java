package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The daemon's NetworkManager backend borrows the daemon's connection only when it is the same bus. */
class DaemonCommandTest {
  @Test
  void sameBus_unsetAndBlankAreTheSystemBus_othersCompareAsWritten() {
    assertThat(DaemonCommand.sameBus(null, null)).isTrue();
    assertThat(DaemonCommand.sameBus(null, " ")).isTrue();
    assertThat(DaemonCommand.sameBus("unix:path=/run/x", " unix:path=/run/x ")).isTrue();
    assertThat(DaemonCommand.sameBus("unix:path=/run/x", null)).isFalse();
    assertThat(DaemonCommand.sameBus("unix:path=/run/x", "unix:path=/run/y")).isFalse();
  }
}
