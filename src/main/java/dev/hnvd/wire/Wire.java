package dev.hnvd.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local socket protocol between a command and the daemon, version 1. One request and one reply
 * per connection, big-endian, length-framed:
 *
 * <pre>
 * request := "HNVD" u16 version u8 kind(1 = run) str argv0 u16 n (str arg){n} u16 m (str key str value){m}
 * reply   := "HNVD" u16 version u8 status i32 exit bytes stdout bytes stderr
 * str     := bytes (UTF-8)        bytes := u32 length, that many bytes
 * status  := 0 ran (print stdout/stderr, exit with exit) | 1 declined (run it yourself)
 * </pre>
 *
 * The environment carries only the client's {@code HNVD_*} settings. A daemon that does not speak
 * the client's version answers "declined" with its own version, and the client runs in-process.
 * This class uses only JDK types: the lean client path loads it before anything heavy.
 */
public final class Wire {
  public static final int VERSION = 1;
  public static final int MAGIC = 0x484e5644; // "HNVD"
  static final int KIND_RUN = 1;
  public static final int STATUS_RAN = 0;
  public static final int STATUS_DECLINED = 1;

  /** Bounds that keep a confused or hostile peer from making us allocate much. */
  static final int MAX_STRING = 64 * 1024;
  static final int MAX_ARGS = 1024;
  static final int MAX_ENV = 256;
  static final int MAX_OUTPUT = 16 * 1024 * 1024;

  private Wire() {}

  /** A command to run: the name it was invoked as, its arguments, and the caller's HNVD_* settings. */
  public record Request(String argv0, List<String> args, Map<String, String> env) {
    public Request {
      args = List.copyOf(args);
      env = Map.copyOf(env);
    }
  }

  /** The answer: status, exit code and the exact bytes the command wrote. */
  public record Reply(int status, int exit, byte[] stdout, byte[] stderr) {
    public static Reply ran(int exit, byte[] stdout, byte[] stderr) {
      return new Reply(STATUS_RAN, exit, stdout, stderr);
    }

    public static Reply declined() {
      return new Reply(STATUS_DECLINED, 0, new byte[0], new byte[0]);
    }

    public boolean ran() {
      return status == STATUS_RAN;
    }
  }

  /** Thrown for a frame that is not ours or breaks the bounds. */
  public static class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
      super(message);
    }
  }

  public static byte[] encode(Request r) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeByte(KIND_RUN);
      str(out, r.argv0());
      out.writeShort(r.args().size());
      for (String a : r.args()) {
        str(out, a);
      }
      out.writeShort(r.env().size());
      for (Map.Entry<String, String> e : r.env().entrySet()) {
        str(out, e.getKey());
        str(out, e.getValue());
      }
    } catch (IOException e) {
      throw new AssertionError("writing to memory cannot fail", e);
    }
    return buf.toByteArray();
  }

  public static byte[] encode(Reply r) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeByte(r.status());
      out.writeInt(r.exit());
      bytes(out, r.stdout());
      bytes(out, r.stderr());
    } catch (IOException e) {
      throw new AssertionError("writing to memory cannot fail", e);
    }
    return buf.toByteArray();
  }

  /**
   * Reads a request. A request of another version yields a {@link VersionMismatch} so the server
   * can decline politely instead of guessing at the layout.
   */
  public static Request readRequest(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    header(in);
    int kind = in.readUnsignedByte();
    if (kind != KIND_RUN) {
      throw new ProtocolException("unknown request kind " + kind);
    }
    String argv0 = str(in);
    int n = in.readUnsignedShort();
    if (n > MAX_ARGS) {
      throw new ProtocolException("too many arguments: " + n);
    }
    List<String> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(str(in));
    }
    int m = in.readUnsignedShort();
    if (m > MAX_ENV) {
      throw new ProtocolException("too many settings: " + m);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) {
      env.put(str(in), str(in));
    }
    return new Request(argv0, args, env);
  }

  public static Reply readReply(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    header(in);
    int status = in.readUnsignedByte();
    int exit = in.readInt();
    byte[] out = bytes(in, MAX_OUTPUT);
    byte[] err = bytes(in, MAX_OUTPUT);
    return new Reply(status, exit, out, err);
  }

  /** The peer speaks another protocol version. */
  public static final class VersionMismatch extends ProtocolException {
    private static final long serialVersionUID = 1L;

    VersionMismatch(int version) {
      super("protocol version " + version + ", we speak " + VERSION);
    }
  }

  private static void header(DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new ProtocolException("not an hnvd frame");
    }
    int version = in.readUnsignedShort();
    if (version != VERSION) {
      throw new VersionMismatch(version);
    }
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    bytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static String str(DataInputStream in) throws IOException {
    return new String(bytes(in, MAX_STRING), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(DataInputStream in, int max) throws IOException {
    int len = in.readInt();
    if (len < 0 || len > max) {
      throw new ProtocolException("field of " + len + " bytes exceeds " + max);
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }

  /** Writes a whole frame; the stream is flushed. */
  public static void write(OutputStream out, byte[] frame) throws IOException {
    out.write(frame);
    out.flush();
  }
}
