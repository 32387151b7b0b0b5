package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command socket: framing, bounds, and clients that misbehave. */
class SocketServerTest {
  @TempDir Path dir;
  ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  SocketServer server;

  @BeforeEach
  void start() throws IOException {
    server = new SocketServer(dir.resolve("run/hnvd.sock"),
        r -> Wire.Reply.ran(r.args().size(), ("argv0=" + r.argv0() + " env=" + r.env()).getBytes(StandardCharsets.UTF_8),
            "e".getBytes(StandardCharsets.UTF_8)),
        timer, Duration.ofMillis(300));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    timer.shutdownNow();
  }

  private SocketChannel connect() throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(server.path()));
    return ch;
  }

  private Wire.Reply call(Wire.Request r) throws IOException {
    try (SocketChannel ch = connect()) {
      Wire.write(Channels.newOutputStream(ch), Wire.encode(r));
      return Wire.readReply(Channels.newInputStream(ch));
    }
  }

  /** End-of-stream, or a reset because our unread bytes were discarded: either way no reply. */
  private static boolean closedWithoutAnswer(SocketChannel ch) throws IOException {
    try {
      return ch.read(ByteBuffer.allocate(16)) == -1;
    } catch (java.net.SocketException e) {
      return e.getMessage().contains("reset");
    }
  }

  @Test
  void roundTrip_carriesArgsEnvStdoutStderrAndExit() throws IOException {
    Wire.Reply r = call(new Wire.Request("hcnrmdev", List.of("DRC_INDEX=1", "HCN_ID=2"), Map.of("HNVD_ROOT", "/x")));
    assertThat(r.ran()).isTrue();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("argv0=hcnrmdev env={HNVD_ROOT=/x}");
    assertThat(new String(r.stderr(), StandardCharsets.UTF_8)).isEqualTo("e");
  }

  @Test
  void silentClient_doesNotHoldUpOthers_andIsCutOffAfterTheReadTimeout() throws IOException {
    try (SocketChannel silent = connect()) {
      // Another client is served while the silent one still holds its connection.
      assertThat(call(new Wire.Request("hcnqrydev", List.of(), Map.of())).ran()).isTrue();
      // The server gives up on the silent one: our read sees end-of-stream, not a reply.
      assertThat(silent.read(ByteBuffer.allocate(16))).isEqualTo(-1);
    }
  }

  @Test
  void garbage_isClosedWithoutAnswer() throws IOException {
    try (SocketChannel ch = connect()) {
      ch.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      assertThat(closedWithoutAnswer(ch)).isTrue();
    }
  }

  @Test
  void oversizedField_isRejected_notAllocated() throws IOException {
    try (SocketChannel ch = connect()) {
      ByteBuffer b = ByteBuffer.allocate(15);
      b.putInt(Wire.MAGIC).putShort((short) Wire.VERSION).put((byte) 1).putInt(Integer.MAX_VALUE).flip();
      ch.write(b);
      assertThat(closedWithoutAnswer(ch)).isTrue();
    }
  }

  @Test
  void secondServerOnTheSamePath_refusesToStart_andLeavesTheFirstAlone() throws IOException {
    SocketServer second = new SocketServer(server.path(), r -> Wire.Reply.declined(), timer, Duration.ofSeconds(1));
    assertThatThrownBy(second::start).isInstanceOf(IOException.class).hasMessageContaining("another hnvd");
    second.close();
    // The failed one must not take the running one's socket with it.
    assertThat(call(new Wire.Request("hcnqrydev", List.of(), Map.of())).ran()).isTrue();
  }

  /**
   * A daemon that took over the path (it found ours not answering, removed the file and bound its
   * own) keeps its socket when the old one finally closes.
   */
  @Test
  void closingAfterAnotherServerTookThePath_leavesTheNewSocketAlone() throws IOException {
    java.nio.file.Files.delete(server.path());
    SocketServer second = new SocketServer(server.path(), r -> Wire.Reply.ran(7, new byte[0], new byte[0]),
        timer, Duration.ofSeconds(1));
    second.start();
    try {
      server.close();
      assertThat(java.nio.file.Files.exists(server.path())).isTrue();
      assertThat(call(new Wire.Request("hcnqrydev", List.of(), Map.of())).exit()).isEqualTo(7);
    } finally {
      second.close();
    }
    assertThat(java.nio.file.Files.exists(server.path())).isFalse();
  }
}
