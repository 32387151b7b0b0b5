package dev.hnvd.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads device-tree properties: a node is a directory, a property a file holding raw bytes
 * (big-endian cells, NUL-terminated strings). A missing property is an empty Optional; a present
 * but unusable one is a {@link DtReadException} with a reason a person can act on.
 */
final class DeviceTree {
  /** Real properties are at most a few KiB; a bigger file is not a property we understand. */
  static final int MAX_PROPERTY_BYTES = 64 * 1024;

  private DeviceTree() {}

  /** The raw bytes of a property, empty when it does not exist. */
  static Optional<byte[]> bytes(Path node, String name) throws DtReadException {
    Path file = node.resolve(name);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new DtReadException(name + " is unreadable (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")");
    }
    // Device-tree properties are plain files; anything else (a FIFO, a directory, a symlink that
    // loops) would block or fail in odd ways, so it is rejected with a reason.
    if (!attrs.isRegularFile()) {
      throw new DtReadException(name + " is not a regular file");
    }
    // Files, not File: a File is made of a String, which loses a name's bytes the locale cannot spell.
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] data = in.readNBytes(MAX_PROPERTY_BYTES + 1);
      if (data.length > MAX_PROPERTY_BYTES) {
        throw new DtReadException(name + " is larger than " + MAX_PROPERTY_BYTES + " bytes");
      }
      return Optional.of(data);
    } catch (IOException e) {
      throw new DtReadException(name + " is unreadable (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")");
    }
  }

  /** True when the property file exists (whatever its content). */
  static boolean has(Path node, String name) {
    return Files.exists(node.resolve(name), LinkOption.NOFOLLOW_LINKS);
  }

  /** The first cell (4 bytes, big-endian) of a property; later bytes are ignored as hcnmgr does. */
  static Optional<Integer> u32(Path node, String name) throws DtReadException {
    Optional<byte[]> data = bytes(node, name);
    if (data.isEmpty()) {
      return Optional.empty();
    }
    byte[] b = data.get();
    if (b.length < 4) {
      throw new DtReadException(name + " has " + b.length + " bytes, expected at least 4");
    }
    return Optional.of(ByteBuffer.wrap(b, 0, 4).getInt());
  }

  /**
   * A NUL-terminated string property: the bytes up to the first NUL (a C string; anything after
   * it is padding). Rejects bytes that are not UTF-8.
   */
  static Optional<String> string(Path node, String name) throws DtReadException {
    Optional<byte[]> data = bytes(node, name);
    if (data.isEmpty()) {
      return Optional.empty();
    }
    byte[] b = data.get();
    int end = 0;
    while (end < b.length && b[end] != 0) {
      end++;
    }
    return Optional.of(utf8(name, b, 0, end));
  }

  /** A string-list property ({@code compatible}): NUL-separated strings. */
  static List<String> strings(Path node, String name) throws DtReadException {
    Optional<byte[]> data = bytes(node, name);
    List<String> out = new ArrayList<>();
    if (data.isEmpty()) {
      return out;
    }
    byte[] b = data.get();
    int start = 0;
    for (int i = 0; i <= b.length; i++) {
      if (i == b.length || b[i] == 0) {
        if (i > start) {
          out.add(utf8(name, b, start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** {@code local-mac-address} as {@code aa:bb:cc:dd:ee:ff}. */
  static Optional<String> mac(Path node, String name) throws DtReadException {
    Optional<byte[]> data = bytes(node, name);
    if (data.isEmpty()) {
      return Optional.empty();
    }
    byte[] b = data.get();
    int off;
    if (b.length == 6) {
      off = 0;
    } else if (b.length == 8) {
      // Old firmware hands ibmveth an 8-byte property with the MAC in the last 6 (the driver skips 2).
      off = 2;
    } else {
      throw new DtReadException(name + " has " + b.length + " bytes, expected 6");
    }
    StringBuilder sb = new StringBuilder(17);
    for (int i = off; i < off + 6; i++) {
      if (i > off) {
        sb.append(':');
      }
      sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return Optional.of(sb.toString());
  }

  /**
   * Child nodes whose name starts with {@code prefix}, sorted. Symlinks are not followed (the real
   * device tree has none; a fake one must not send us round a loop). Names are compared as the
   * kernel's bytes (see {@link FileNames}); one that is not UTF-8 is still listed, for the caller
   * to report with {@link #undecodable}.
   */
  static List<Path> children(Path node, String prefix) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(node, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    for (Path p : FileNames.list(node)) {
      if (FileNames.shown(p).startsWith(prefix) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        out.add(p);
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Whether {@code node} or a node between it and the tree's root has a name that is not UTF-8.
   * Such a node cannot be named to NetworkManager, to the HMC or in a JSON answer as it is.
   */
  static boolean undecodable(Path deviceTree, Path node) {
    for (Path p = node; p != null && !p.equals(deviceTree); p = p.getParent()) {
      if (FileNames.utf8(p).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The tree's real directory. {@code /proc/device-tree} is itself a symlink (to
   * {@code /sys/firmware/devicetree/base}); it is followed once here, and no link below it is.
   */
  static Path realRoot(Path deviceTree) {
    try {
      return deviceTree.toRealPath();
    } catch (IOException | RuntimeException e) {
      return deviceTree;
    }
  }

  /**
   * The node's path inside the tree, e.g. {@code /vdevice/vnic@30000003}; bytes that are not
   * UTF-8 are shown as {@code \\xNN} (see {@link FileNames#shown}).
   */
  static String ofPath(Path deviceTree, Path node) {
    List<String> parts = new ArrayList<>();
    for (Path p = node; p != null && !p.equals(deviceTree); p = p.getParent()) {
      parts.add(0, FileNames.shown(p));
    }
    return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
  }

  private static String utf8(String name, byte[] b, int from, int to) throws DtReadException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DtReadException(name + " is not valid UTF-8");
    }
  }
}
