package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hnvd.engine.BackendFactory;
import dev.hnvd.model.HnvException;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * While NetworkManager is absent the daemon backs off (each wait twice the last, capped) and
 * says once, at WARN, what would fix it; it did warn every 15 s forever.
 */
class ConnectionManagerAbsentTest {
  @TempDir Path dir;
  Daemon daemon;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(Daemon.class);

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
    logger.detachAppender(logs);
  }

  @Test
  void noNetworkManager_backsOff_andWarnsOnceWithTheFix() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir).exampleHnv();
    Recorder rec = new Recorder();
    List<Long> attempts = new CopyOnWriteArrayList<>();
    BackendFactory backends = () -> {
      attempts.add(System.nanoTime());
      throw new HnvException(HnvException.Kind.UNREACHABLE,
          "HNV is only supported on wicked and NetworkManager (NetworkManager.service is not active)");
    };
    logs.start();
    logger.addAppender(logs);
    daemon = new Daemon(TestDaemons.config(lpar, null, Duration.ZERO), TestDaemons.engine(lpar, backends),
        rec.commands(), Notifier.NONE, Clock.systemUTC());
    daemon.retryDelay(Duration.ofMillis(40));
    daemon.start();
    // 40, 80, 160, 320 ms: five replans within about a second, each one more than the last.
    Eventually.until("five failed replans", () -> daemon.replans() >= 5);
    List<String> warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("replan")).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("NetworkManager.service is not active")
        .contains("start the connection manager (systemctl start NetworkManager")
        .contains("then less often");
    assertThat(Daemon.MAX_RETRY).isLessThanOrEqualTo(Duration.ofMinutes(5)).isGreaterThan(Daemon.RETRY);
    long firstGap = daemon.retryGap(1).toMillis();
    long fourthGap = daemon.retryGap(4).toMillis();
    assertThat(fourthGap).isEqualTo(8 * firstGap);
  }
}
