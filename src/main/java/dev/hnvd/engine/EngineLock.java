package dev.hnvd.engine;

import dev.hnvd.model.HnvException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The one lock that serialises changes across processes: the daemon holds it while it applies, and
 * a DynamicRM command running in-process (daemon down) takes it too, so the boot scan and an HMC
 * command never interleave on one bond (hcnmgr had no locking at all).
 */
public final class EngineLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private EngineLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits up to {@code timeout} for the lock; throws CONFLICT naming the file if it stays held. */
  public static EngineLock acquire(Path file, Duration timeout) {
    try {
      Files.createDirectories(file.getParent());
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        FileLock l = ch.tryLock();
        if (l != null) {
          return new EngineLock(ch, l);
        }
        if (System.nanoTime() >= deadline) {
          ch.close();
          throw new HnvException(HnvException.Kind.CONFLICT,
              "another hnvd operation holds " + file + " for more than " + timeout.toSeconds() + " s");
        }
        Thread.sleep(20);
      }
    } catch (java.nio.file.AccessDeniedException e) {
      // A permission problem, not a lock held by someone else (that is the timeout above).
      throw new HnvException(HnvException.Kind.NOT_PERMITTED,
          "Operation not permitted: cannot open the lock " + file + " (changes must run as root)", e);
    } catch (IOException e) {
      throw new HnvException(HnvException.Kind.CONFLICT, "cannot lock " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HnvException(HnvException.Kind.CONFLICT, "interrupted while waiting for " + file);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // Closing the channel releases the lock; nothing else to do.
    }
  }
}
