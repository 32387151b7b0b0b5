package dev.hnvd.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * File names as the kernel gives them: bytes, read and written without the caller's locale.
 *
 * <p>The JVM turns a file name into a String with the charset of the locale it started in
 * ({@code sun.jnu.encoding}, fixed at start-up): under {@code LANG=C} that is ASCII, so a name
 * with a byte over 0x7f cannot be turned back into the same path ({@code InvalidPathException},
 * or a "file not found" for a file that is there). The HMC's DynamicRM runs our commands with
 * exactly such a minimal environment. The launcher asks for a UTF-8 locale, but the code must not
 * depend on it: this class reads a name's raw bytes (a {@link Path} from a directory listing keeps
 * them; its {@code file:} URI spells them out as {@code %XX}) and decodes them as UTF-8 itself,
 * and builds a path from a UTF-8 name the same way round. Names that are not UTF-8 are never
 * guessed at: they are shown with their odd bytes as {@code \xNN}.
 */
public final class FileNames {
  private FileNames() {}

  /** The entries of a directory with their raw names kept; none if it cannot be listed. */
  static List<Path> list(Path dir) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        out.add(p);
      }
    } catch (IOException | RuntimeException e) {
      // Not a readable directory: no entries, the caller goes on with the rest.
    }
    return out;
  }

  /** The last element's name decoded as UTF-8, empty when its bytes are not UTF-8. */
  public static Optional<String> utf8(Path p) {
    byte[] raw = rawName(p);
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** The last element's name for people: UTF-8 where it is, every other byte as {@code \xNN}. */
  public static String shown(Path p) {
    return shown(rawName(p));
  }

  static String shown(byte[] raw) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < raw.length) {
      int len = utf8Length(raw, i);
      if (len > 0) {
        sb.append(new String(raw, i, len, StandardCharsets.UTF_8));
        i += len;
      } else {
        sb.append(String.format("\\x%02x", raw[i] & 0xff));
        i++;
      }
    }
    return sb.toString();
  }

  /**
   * {@code dir/name} for a UTF-8 {@code name} (an interface name from NetworkManager, say), also
   * when the JVM's locale cannot spell it.
   */
  public static Path child(Path dir, String name) {
    try {
      Path p = dir.resolve(name);
      // Under a UTF-8 locale this is exact; under another one a non-ASCII name may have been
      // mapped to other bytes without complaint, so only an ASCII name is taken as it is.
      if (isAscii(name)) {
        return p;
      }
    } catch (InvalidPathException e) {
      // The locale's charset cannot spell it: built from the bytes below.
    }
    StringBuilder uri = new StringBuilder(dir.toAbsolutePath().toUri().getRawPath());
    if (uri.charAt(uri.length() - 1) != '/') {
      uri.append('/');
    }
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~@,".indexOf(c) >= 0) {
        uri.append((char) c);
      } else {
        uri.append(String.format("%%%02X", c));
      }
    }
    return Path.of(URI.create("file://" + uri));
  }

  /** The raw bytes of the last element of {@code p}. */
  static byte[] rawName(Path p) {
    Path name = p.getFileName();
    if (name == null) {
      return new byte[0];
    }
    String s = name.toString();
    if (isAscii(s)) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }
    // The path's file: URI percent-encodes its bytes as the file system holds them.
    String raw = p.toAbsolutePath().toUri().getRawPath();
    if (raw.endsWith("/") && raw.length() > 1) {
      raw = raw.substring(0, raw.length() - 1);
    }
    String last = raw.substring(raw.lastIndexOf('/') + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < last.length(); i++) {
      char c = last.charAt(i);
      if (c == '%' && i + 2 < last.length()) {
        out.write(Integer.parseInt(last.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** The length of a well-formed UTF-8 sequence at {@code i}, 0 when there is none. */
  private static int utf8Length(byte[] b, int i) {
    int c = b[i] & 0xff;
    int len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len == 0 || i + len > b.length) {
      return 0;
    }
    for (int k = 1; k < len; k++) {
      if ((b[i + k] & 0xc0) != 0x80) {
        return 0;
      }
    }
    if (len > 1) {
      try {
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, i, len));
      } catch (CharacterCodingException e) {
        return 0; // overlong or surrogate
      }
    }
    return len;
  }
}
