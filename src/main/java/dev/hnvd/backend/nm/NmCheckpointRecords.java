package dev.hnvd.backend.nm;

import dev.hnvd.fs.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.freedesktop.dbus.DBusPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files in the run dir naming the checkpoints hnvd created and has not yet destroyed or rolled
 * back. A checkpoint outlives a SIGKILLed hnvd until NetworkManager's own timeout, and until then
 * every apply on its devices conflicts; with these records the next run can tell its own leftover
 * (roll it back, as NM would at the timeout) from another tool's checkpoint (never touched).
 *
 * <p>One file per checkpoint, {@code nm-checkpoint.<pid>.<n>}, one line: checkpoint path, NM's
 * unique bus name (checkpoint paths restart at 1 with NM, the bus name never repeats), pid and
 * start time of the recording process (a live daemon's record must not be taken over by a
 * concurrent CLI command sharing the run dir).
 */
final class NmCheckpointRecords {
  private static final Logger LOG = LoggerFactory.getLogger(NmCheckpointRecords.class);
  static final String PREFIX = "nm-checkpoint.";
  /** Records whose transaction is still running in this JVM (same pid, so liveness says nothing). */
  private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

  private final Optional<Path> dir;

  NmCheckpointRecords(Optional<Path> dir) {
    this.dir = dir;
  }

  static NmCheckpointRecords none() {
    return new NmCheckpointRecords(Optional.empty());
  }

  /** One parsed record; start is -1 when the OS did not tell. */
  record Entry(Path file, String checkpoint, String nmOwner, long pid, long start) {
    static Optional<Entry> parse(Path file, String line) {
      String[] f = line.trim().split(" ");
      if (f.length != 4 || !f[0].startsWith("/")) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Entry(file, f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    String line() {
      return checkpoint + " " + nmOwner + " " + pid + " " + start + "\n";
    }
  }

  /**
   * Records a checkpoint just created; the caller must {@link #release} it when its transaction
   * ends, however it ends. Failing to write only costs the crash recovery, so it is a warning.
   */
  Optional<Path> record(DBusPath checkpoint, String nmOwner) {
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    ProcessHandle me = ProcessHandle.current();
    String n = checkpoint.getPath().substring(checkpoint.getPath().lastIndexOf('/') + 1);
    Path file = dir.get().resolve(PREFIX + me.pid() + "." + n);
    IN_FLIGHT.add(file);
    try {
      write(file, new Entry(file, checkpoint.getPath(), nmOwner, me.pid(), start(me)).line());
      return Optional.of(file);
    } catch (IOException | RuntimeException e) {
      IN_FLIGHT.remove(file);
      LOG.warn("cannot record checkpoint {} in {} ({}): if hnvd is killed now, NetworkManager "
          + "keeps it until its own timeout", checkpoint, dir.get(), e.getMessage());
      return Optional.empty();
    }
  }

  /** The checkpoint is gone (destroyed, rolled back, lost with NM): the record goes too. */
  void forget(Optional<Path> file) {
    file.ifPresent(f -> {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        LOG.warn("cannot delete {}: {}", f, e.getMessage());
      }
    });
  }

  /** The transaction ended; a record still on disk is now a leftover the next run may recover. */
  void release(Optional<Path> file) {
    file.ifPresent(IN_FLIGHT::remove);
  }

  /**
   * Rolls back every recorded checkpoint whose hnvd run is gone and that NetworkManager still
   * holds; deletes records whose checkpoint no longer exists. Never touches a checkpoint without a
   * record. Best effort: a failure is logged and the record kept.
   *
   * @return how many checkpoints were rolled back
   */
  int recover(NmClient nm) {
    List<Entry> leftovers = leftovers();
    if (leftovers.isEmpty()) {
      return 0;
    }
    int rolledBack = 0;
    try {
      String owner = nm.nmOwner();
      List<String> held = nm.checkpoints();
      for (Entry e : leftovers) {
        if (!e.nmOwner().equals(owner) || !held.contains(e.checkpoint())) {
          LOG.debug("checkpoint {} recorded in {} no longer exists, deleting the record", e.checkpoint(), e.file());
          forget(Optional.of(e.file()));
          continue;
        }
        nm.checkpointRollback(new DBusPath(e.checkpoint()));
        LOG.warn("rolled back checkpoint {} left by an interrupted hnvd run (pid {})", e.checkpoint(), e.pid());
        forget(Optional.of(e.file()));
        rolledBack++;
      }
    } catch (RuntimeException ex) {
      LOG.warn("recovering checkpoints left by an interrupted hnvd run failed: {}", NmErrors.text(ex));
    }
    return rolledBack;
  }

  /** Records of runs that are over: this JVM's finished transactions, or dead processes. */
  private List<Entry> leftovers() {
    if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
      return List.of();
    }
    List<Entry> out = new java.util.ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.get(), PREFIX + "*")) {
      for (Path f : ds) {
        Optional<Entry> e = Entry.parse(f, Files.readString(f, StandardCharsets.UTF_8));
        if (e.isEmpty()) {
          LOG.warn("ignoring unreadable checkpoint record {}", f);
        } else if (!alive(e.get())) {
          out.add(e.get());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot read checkpoint records in {}: {}", dir.get(), e.getMessage());
    }
    return out;
  }

  private static boolean alive(Entry e) {
    ProcessHandle me = ProcessHandle.current();
    if (e.pid() == me.pid()) {
      return IN_FLIGHT.contains(e.file());
    }
    // A pid in use with another start time was reused: the recording process is gone.
    return ProcessHandle.of(e.pid()).filter(ProcessHandle::isAlive)
        .map(h -> e.start() < 0 || start(h) < 0 || start(h) == e.start())
        .orElse(false);
  }

  private static long start(ProcessHandle h) {
    return h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
  }

  /** Atomically (see {@link AtomicFile}); the directory is 0700, created if missing. */
  private static void write(Path file, String line) throws IOException {
    Path d = file.getParent();
    if (!Files.isDirectory(d)) {
      Files.createDirectories(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    AtomicFile.write(file, line.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------"));
  }
}
