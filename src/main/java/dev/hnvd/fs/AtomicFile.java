package dev.hnvd.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file so that a reader, or the disk after a crash, sees either the old content or
 * the new, never a mix: a temp file in the same directory, fsync, rename over the target, fsync
 * the directory. The one implementation for every file hnvd writes (ifcfg files, checkpoint
 * records, the daemon's state file); on any failure the target is untouched and the temp file gone.
 */
public final class AtomicFile {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);
  /** The temp file is private until its mode is set: no one reads half-written content. */
  private static final Set<PosixFilePermission> TEMP_MODE = PosixFilePermissions.fromString("rw-------");

  /** A change to the finished temp file before the rename (e.g. taking over the old owner). */
  @FunctionalInterface
  public interface BeforeRename {
    void accept(Path tmp) throws IOException;
  }

  private AtomicFile() {}

  /** {@link #write(Path, byte[], Set, BeforeRename)} with nothing to do before the rename. */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
    write(target, content, mode, tmp -> {});
  }

  /**
   * Writes {@code content} to {@code target} atomically with exactly {@code mode} (the umask does
   * not decide it). The directory must exist.
   */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> mode, BeforeRename beforeRename)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
        PosixFilePermissions.asFileAttribute(TEMP_MODE));
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, mode);
      beforeRename.accept(tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename atomically in " + dir, e);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDir(dir);
  }

  /**
   * Makes a rename or deletion in {@code dir} durable: without it a crash can bring back the old
   * directory entry. Some file systems refuse fsync on a directory; the rename is still atomic.
   */
  public static void syncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("fsync of {} not supported, ignoring: {}", dir, e.getMessage());
    }
  }
}
