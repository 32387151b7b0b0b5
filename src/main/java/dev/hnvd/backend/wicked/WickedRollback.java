package dev.hnvd.backend.wicked;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollback journal in the state directory: the original bytes of every file an apply is about
 * to change, written (and fsynced) before the first change and removed after commit or rollback.
 * If the daemon dies in between, the next start finds it and puts the files back, so a crash never
 * leaves half a plan on disk.
 */
final class WickedRollback {
  private static final Logger LOG = LoggerFactory.getLogger(WickedRollback.class);
  private static final String ABSENT = ".absent";
  private static final String KEPT = ".orig";

  private final Path dir;
  private final Path done;

  WickedRollback(Path stateDir) {
    this.dir = stateDir.resolve("rollback");
    this.done = stateDir.resolve("rollback.done");
  }

  /** Records the originals; replaces any earlier (already recovered) journal. */
  void open(List<IfcfgChanges.Change> changes) throws IOException {
    clear();
    Files.createDirectories(dir);
    IfcfgDir store = new IfcfgDir(dir);
    for (IfcfgChanges.Change c : changes) {
      if (c.before().isPresent()) {
        store.write(c.name() + KEPT, c.before().get());
      } else {
        store.write(c.name() + ABSENT, new byte[0]);
      }
    }
  }

  /** Restores files from a journal left by an interrupted apply; true if there was one. */
  boolean recover(IfcfgDir target) throws IOException {
    deleteTree(done);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    boolean any = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        Optional<String> name = strip(n, KEPT).or(() -> strip(n, ABSENT));
        if (name.isEmpty() || n.startsWith(".")) {
          continue;
        }
        any = true;
        if (n.endsWith(KEPT)) {
          target.write(name.get(), Files.readAllBytes(p));
        } else {
          target.delete(name.get());
        }
        LOG.warn("restored {} from the rollback journal of an interrupted apply", name.get());
      }
    }
    clear();
    return any;
  }

  /**
   * Retires the journal. The rename is the commit point: once it is done, a crash can no longer
   * bring the originals back over a finished apply.
   */
  void clear() throws IOException {
    if (Files.isDirectory(dir)) {
      deleteTree(done);
      Files.move(dir, done, StandardCopyOption.ATOMIC_MOVE);
    }
    deleteTree(done);
  }

  private static void deleteTree(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path p : ds) {
        Files.delete(p);
      }
    }
    Files.delete(d);
  }

  private static Optional<String> strip(String n, String suffix) {
    return n.endsWith(suffix) ? Optional.of(n.substring(0, n.length() - suffix.length())) : Optional.empty();
  }
}
