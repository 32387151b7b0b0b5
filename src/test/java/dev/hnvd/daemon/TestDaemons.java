package dev.hnvd.daemon;

import dev.hnvd.engine.BackendFactory;
import dev.hnvd.engine.Engine;
import dev.hnvd.engine.LinkWait;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Daemons over a fake LPAR, without systemd and (unless asked) without D-Bus. */
final class TestDaemons {
  private TestDaemons() {}

  static Engine engine(FakeLpar lpar, BackendFactory backends) {
    return new Engine(lpar::discover, lpar.kernel(), backends, Duration.ZERO, LinkWait.every(Duration.ZERO));
  }

  static Daemon.Config config(FakeLpar lpar, String busAddress, Duration kernelPoll) {
    Path root = lpar.root();
    return new Daemon.Config(root.resolve("run/hnvd/hnvd.sock"), root.resolve("var/lib/hnvd"),
        root.resolve("run/lock/hnvd.lock"), lpar.sysfs(), busAddress != null, busAddress, kernelPoll,
        Duration.ofMillis(20), Map.of());
  }

  static Daemon daemon(FakeLpar lpar, BackendFactory backends, CommandRunner commands, String busAddress,
      Notifier notifier) {
    return new Daemon(config(lpar, busAddress, Duration.ZERO), engine(lpar, backends), commands,
        notifier, Clock.systemUTC());
  }
}
