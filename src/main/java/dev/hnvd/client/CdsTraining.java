package dev.hnvd.client;

import dev.hnvd.wire.Wire;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code hnvd-launcher --make-cds} runs this under {@code -XX:DumpLoadedClassList} to learn which
 * classes the client path loads: the client's exchange with a daemon, walked against a stand-in
 * that answers one request on a socket in a fresh private directory. Nothing on the system is
 * asked or changed, so the archive can be made at package install time, daemon running or not.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("hnvd-cds");
    Path socket = dir.resolve("hnvd.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread answer = new Thread(new AnswerOnce(server), "hnvd-cds-daemon");
      answer.start();
      PrintStream sink = new PrintStream(OutputSink.INSTANCE, true, StandardCharsets.UTF_8);
      OptionalInt rc = LeanClient.run("hcnqrydev", List.of("DRC_INDEX=0x1", "HCN_ID=0x1"),
          Map.of("HNVD_SOCKET", socket.toString()), sink, sink);
      answer.join(10_000);
      if (rc.isEmpty()) {
        System.err.println("hnvd-cds: the stand-in daemon did not answer");
        System.exit(1);
      }
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  /** Answers one request like a daemon would: "ran", exit 0, one line. */
  private static final class AnswerOnce implements Runnable {
    private final ServerSocketChannel server;

    AnswerOnce(ServerSocketChannel server) {
      this.server = server;
    }

    @Override
    public void run() {
      try (SocketChannel c = server.accept()) {
        Wire.readRequest(Channels.newInputStream(c));
        byte[] line = "[INFO]:training\n".getBytes(StandardCharsets.UTF_8);
        Wire.write(Channels.newOutputStream(c), Wire.encode(Wire.Reply.ran(0, line, new byte[0])));
      } catch (IOException e) {
        System.err.println("hnvd-cds: stand-in daemon failed: " + e.getMessage());
      }
    }
  }

  /** Discards what the client prints. */
  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {
      // discarded
    }

    @Override
    public void write(byte[] b, int off, int len) {
      // discarded
    }
  }
}
