package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.model.HnvException;
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
      // A backend asking for the daemon's connection is told, after a bounded wait, that the bus
      // is unreachable: the command fails like one whose own connect failed, nothing hangs.
      assertThatThrownBy(d::busConnection).isInstanceOfSatisfying(HnvException.class,
          e -> assertThat(e.kind()).isEqualTo(HnvException.Kind.UNREACHABLE));
      Wire.Reply r = d.handle(new Wire.Request("hcncfgdrc", List.of("DRC_INDEX=1"), Map.of()));
      assertThat(new String(r.stdout())).isEqualTo("ran hcncfgdrc\n");
    } finally {
      d.close();
    }
  }

  @Test
  void noBusAtAll_backendsAreToldSo() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir.resolve("nobus")).powervm();
    Recorder rec = new Recorder();
    Daemon d = TestDaemons.daemon(lpar, rec.backends(), rec.commands(), null, Notifier.NONE);
    try {
      d.start();
      assertThatThrownBy(d::busConnection).isInstanceOfSatisfying(HnvException.class,
          e -> assertThat(e).hasMessageContaining("--no-bus"));
    } finally {
      d.close();
    }
  }
}
