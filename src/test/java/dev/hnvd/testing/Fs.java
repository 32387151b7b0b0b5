package dev.hnvd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** File helpers for the fixtures; IOExceptions become unchecked so scenarios stay readable. */
final class Fs {
  private Fs() {}

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A relative symlink, as sysfs has them; replaces whatever was there. */
  static void symlink(Path link, Path target) {
    try {
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, link.getParent().relativize(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a file, a symlink (not its target) or a directory tree; absent is fine. */
  static void delete(Path p) {
    try {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(p);
        return;
      }
      Files.walkFileTree(p, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the directory if it has no subdirectory left (an emptied PHB node). */
  static void deleteIfNoSubdirs(Path dir) {
    try (var s = Files.list(dir)) {
      if (s.noneMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
        delete(dir);
      }
    } catch (IOException e) {
      // Already gone.
    }
  }
}
