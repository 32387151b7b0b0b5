package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no bus at all the daemon still starts, serves commands, and does not call itself unhealthy. */
class BusDownTest {
  @TempDir Path dir;

  @Test
  void noBus_startsAndServes_retryingCountsAsHealthy() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    Recorder rec = new Recorder();
    Daemon d = TestDaemons.daemon(lpar, rec.backends(), rec.commands(),
        "unix:path=" + dir.resolve("no-such-bus"), Notifier.NONE);
    try {
      d.start();
      assertThat(d.busConnected()).isFalse();
      assertThat(d.busHealthy()).isTrue();
      Wire.Reply r = d.handle(new Wire.Request("hcncfgdrc", List.of("DRC_INDEX=1"), Map.of()));
      assertThat(new String(r.stdout())).isEqualTo("ran hcncfgdrc\n");
    } finally {
      d.close();
    }
  }
}
