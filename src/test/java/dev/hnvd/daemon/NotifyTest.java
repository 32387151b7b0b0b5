package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify over a real datagram socket, as systemd would receive it. */
class NotifyTest {
  @TempDir Path dir;
  UnixDatagramChannel systemd;
  Path socket;

  @BeforeEach
  void bind() throws Exception {
    socket = dir.resolve("notify");
    systemd = UnixDatagramChannel.open();
    systemd.bind(new UnixSocketAddress(socket.toString()));
  }

  @AfterEach
  void close() throws Exception {
    systemd.close();
  }

  private String receive() throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        systemd.receive(buf);
        buf.flip();
        return StandardCharsets.UTF_8.decode(buf).toString();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).get(20, TimeUnit.SECONDS);
  }

  @Test
  void noNotifySocket_noop() {
    Notifier n = Notifier.fromEnv(Map.of());
    assertThat(n.active()).isFalse();
    n.notify("READY=1");
  }

  @Test
  void ready_arrivesAsOneDatagram() throws Exception {
    try (Notifier n = Notifier.fromEnv(Map.of("NOTIFY_SOCKET", socket.toString()))) {
      assertThat(n.active()).isTrue();
      n.notify("READY=1\nSTATUS=converged");
      assertThat(receive()).isEqualTo("READY=1\nSTATUS=converged");
    }
  }

  @Test
  void abstractSocket_leadingAt() throws Exception {
    String name = "hnvd-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    try (UnixDatagramChannel abs = UnixDatagramChannel.open()) {
      abs.bind(new UnixSocketAddress("\0" + name));
      try (Notifier n = Notifier.fromEnv(Map.of("NOTIFY_SOCKET", "@" + name))) {
        n.notify("READY=1");
      }
      ByteBuffer buf = ByteBuffer.allocate(256);
      CompletableFuture.runAsync(() -> {
        try {
          abs.receive(buf);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).get(20, TimeUnit.SECONDS);
      buf.flip();
      assertThat(StandardCharsets.UTF_8.decode(buf).toString()).isEqualTo("READY=1");
    }
  }

  @Test
  void sockaddr_pathAndAbstract_inBothByteOrders() throws Exception {
    assertThat(UnixDatagram.sockaddr("/run/n", java.nio.ByteOrder.LITTLE_ENDIAN))
        .containsExactly(1, 0, '/', 'r', 'u', 'n', '/', 'n', 0);
    assertThat(UnixDatagram.sockaddr("/run/n", java.nio.ByteOrder.BIG_ENDIAN))
        .containsExactly(0, 1, '/', 'r', 'u', 'n', '/', 'n', 0);
    // Abstract: a leading NUL instead of '@', and no terminator (every byte of the name counts).
    assertThat(UnixDatagram.sockaddr("@ab", java.nio.ByteOrder.BIG_ENDIAN)).containsExactly(0, 1, 0, 'a', 'b');
  }

  @Test
  void sockaddr_rejectsWhatTheKernelCannotTake() throws Exception {
    String longest = "/" + "x".repeat(UnixDatagram.SUN_PATH - 2);
    assertThat(UnixDatagram.sockaddr(longest, java.nio.ByteOrder.LITTLE_ENDIAN)).hasSize(2 + UnixDatagram.SUN_PATH);
    for (String bad : List.of("", "@", longest + "x", "@" + "y".repeat(UnixDatagram.SUN_PATH), "/a\0b")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> UnixDatagram.sockaddr(bad, java.nio.ByteOrder.LITTLE_ENDIAN))
          .isInstanceOf(java.io.IOException.class);
    }
    // Bad input makes no notifier, and says why: the daemon still serves (Notifier.fromEnv).
    assertThat(Notifier.fromEnv(Map.of("NOTIFY_SOCKET", longest + "x")).active()).isFalse();
  }

  @Test
  void noListener_sendFails_notifierLogsAndGoesOn() throws Exception {
    try (UnixDatagram s = UnixDatagram.to(dir.resolve("nobody").toString())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.send("READY=1"))
          .isInstanceOf(java.io.IOException.class).hasMessageContaining("errno");
    }
    try (Notifier n = Notifier.fromEnv(Map.of("NOTIFY_SOCKET", dir.resolve("nobody").toString()))) {
      n.notify("READY=1"); // logged, not thrown
    }
    UnixDatagram closed = UnixDatagram.to(socket.toString());
    closed.close();
    closed.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> closed.send("x")).hasMessageContaining("closed");
  }

  @Test
  void manyDatagrams_eachArrivesWhole() throws Exception {
    try (Notifier n = Notifier.fromEnv(Map.of("NOTIFY_SOCKET", socket.toString()))) {
      for (int i = 0; i < 200; i++) {
        n.notify("STATUS=" + i + " é");
        assertThat(receive()).isEqualTo("STATUS=" + i + " é");
      }
    }
  }

  @Test
  void watchdogPeriod_fromEnv_onlyForOurPid() {
    assertThat(Watchdog.periodFromEnv(Map.of("WATCHDOG_USEC", "30000000"))).contains(Duration.ofSeconds(30));
    assertThat(Watchdog.periodFromEnv(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "1"))).isEmpty();
    assertThat(Watchdog.periodFromEnv(Map.of("WATCHDOG_USEC", "30000000",
        "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid())))).isPresent();
    assertThat(Watchdog.periodFromEnv(Map.of())).isEmpty();
  }

  @Test
  void watchdog_pingsWhileHealthy_stopsWhenTheLoopIsStuck_resumesAfter() throws Exception {
    AtomicLong now = new AtomicLong(System.nanoTime());
    try (Loop loop = new Loop(); Notifier n = Notifier.fromEnv(Map.of("NOTIFY_SOCKET", socket.toString()))) {
      Watchdog wd = new Watchdog(n, loop, Duration.ofSeconds(10), Duration.ZERO, List.of(), now::get);
      loop.call(() -> null);
      loop.beat();
      loop.call(() -> null);
      now.set(System.nanoTime());
      assertThat(wd.tick()).isTrue();
      assertThat(receive()).isEqualTo("WATCHDOG=1");

      // The loop hangs in a task: heartbeats queue up behind it and never run.
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch stuck = new CountDownLatch(1);
      loop.post(() -> {
        stuck.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      stuck.await();
      now.addAndGet(Duration.ofSeconds(11).toNanos());
      assertThat(wd.tick()).isFalse();
      assertThat(wd.problem()).get().asString().contains("event loop made no progress");

      release.countDown();
      loop.call(() -> null); // the queued heartbeats ran
      now.set(System.nanoTime());
      assertThat(wd.tick()).isTrue();
      // The next datagram is the new ping: nothing was sent while stuck.
      assertThat(receive()).isEqualTo("WATCHDOG=1");
    }
  }

  @Test
  void watchdog_oneLongOperationWithinItsBudget_isBusyNotWedged() throws Exception {
    AtomicLong now = new AtomicLong(System.nanoTime());
    try (Loop loop = new Loop(); Notifier n = Notifier.fromEnv(Map.of("NOTIFY_SOCKET", socket.toString()))) {
      Watchdog wd = new Watchdog(n, loop, Duration.ofSeconds(10), Duration.ofMinutes(4), List.of(), now::get);
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch running = new CountDownLatch(1);
      loop.post(() -> {
        running.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      running.await();
      now.addAndGet(Duration.ofSeconds(11).toNanos()); // heartbeat stale, task young
      try {
        assertThat(wd.tick()).isTrue();
        assertThat(receive()).isEqualTo("WATCHDOG=1");
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void watchdog_failingCheck_noPing() throws Exception {
    AtomicBoolean busAlive = new AtomicBoolean(false);
    try (Loop loop = new Loop(); Notifier n = Notifier.fromEnv(Map.of("NOTIFY_SOCKET", socket.toString()))) {
      Watchdog wd = new Watchdog(n, loop, Duration.ofSeconds(10), Duration.ZERO,
          List.of(new Watchdog.Check("D-Bus event connection dead", busAlive::get)), System::nanoTime);
      loop.call(() -> null);
      assertThat(wd.tick()).isFalse();
      assertThat(wd.problem()).contains("D-Bus event connection dead");
      busAlive.set(true);
      assertThat(wd.tick()).isTrue();
      assertThat(receive()).isEqualTo("WATCHDOG=1");
    }
  }

  @Test
  void daemonStart_sendsReadyAfterTheBootReconcile() throws Exception {
    Recorder rec = new Recorder();
    dev.hnvd.testing.FakeLpar lpar = dev.hnvd.testing.FakeLpar.in(dir.resolve("lpar")).powervm();
    Notifier n = Notifier.fromEnv(Map.of("NOTIFY_SOCKET", socket.toString()));
    Daemon d = TestDaemons.daemon(lpar, rec.backends(), rec.commands(), null, n);
    try {
      d.start();
      assertThat(receive()).isEqualTo("STATUS=starting");
      String ready = receive();
      assertThat(ready).startsWith("STATUS=").doesNotContain("READY");
      assertThat(rec.entries.get()).isGreaterThanOrEqualTo(1);
      assertThat(receive()).startsWith("READY=1\nSTATUS=converged");
    } finally {
      d.close();
    }
  }
}
