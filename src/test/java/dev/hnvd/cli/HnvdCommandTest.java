package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The daemon's NetworkManager backend borrows the daemon's connection only when it is the same bus. */
class HnvdCommandTest {
  @Test
  void sameBus_unsetAndBlankAreTheSystemBus_othersCompareAsWritten() {
    assertThat(HnvdCommand.sameBus(null, null)).isTrue();
    assertThat(HnvdCommand.sameBus(null, " ")).isTrue();
    assertThat(HnvdCommand.sameBus("unix:path=/run/x", " unix:path=/run/x ")).isTrue();
    assertThat(HnvdCommand.sameBus("unix:path=/run/x", null)).isFalse();
    assertThat(HnvdCommand.sameBus("unix:path=/run/x", "unix:path=/run/y")).isFalse();
  }
}
