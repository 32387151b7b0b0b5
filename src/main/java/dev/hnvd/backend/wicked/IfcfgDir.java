package dev.hnvd.backend.wicked;

import dev.hnvd.fs.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code /etc/sysconfig/network} directory: lists the {@code ifcfg-*} files wicked reads and
 * reads and writes them atomically (temp file in the same directory, fsync, rename, fsync of the
 * directory), keeping the mode and owner of a file it replaces.
 */
final class IfcfgDir {

  static final String PREFIX = "ifcfg-";

  /**
   * New files get 0600, like hcnmgr's (mktemp) and YaST's: ifcfg files may carry secrets (wireless
   * keys, 802.1X), so the directory's convention is owner-only, and only root (wicked) reads them.
   */
  static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-------");

  /** Names wicked skips too: editor and package-manager leftovers are not configuration. */
  private static final Pattern IGNORED = Pattern.compile(
      ".*(~|\\.bak|\\.old|\\.orig|\\.rpmnew|\\.rpmsave|\\.rpmorig|\\.scpmbackup|\\.save|\\.swp|\\.tmp)$");

  private static final Pattern SAFE_NAME = Pattern.compile("ifcfg-[^/\\x00]{1,200}");

  private final Path dir;

  IfcfgDir(Path dir) {
    this.dir = dir;
  }

  Path path() {
    return dir;
  }

  /** The ifcfg file names, sorted; an absent directory has none. */
  List<String> names() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.length() > PREFIX.length() && !IGNORED.matcher(name).matches() && Files.isRegularFile(p)) {
          out.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    Collections.sort(out);
    return out;
  }

  /** The file's bytes, or empty when it does not exist. */
  Optional<byte[]> read(String name) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file(name)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Replaces (or creates) the file atomically; an existing file keeps its mode, owner and group. */
  void write(String name, byte[] content) throws IOException {
    Path target = file(name);
    if (Files.isSymbolicLink(target)) {
      target = target.toRealPath(); // write where the link points, keeping the link
    }
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Optional<PosixFileAttributes> old = Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        ? Optional.of(Files.readAttributes(target, PosixFileAttributes.class))
        : Optional.empty();
    Set<PosixFilePermission> mode = old.map(PosixFileAttributes::permissions).orElse(NEW_FILE_MODE);
    // The owner and group of a replaced file are kept: the admin may have given it to a group.
    AtomicFile.write(target, content, mode, tmp -> {
      if (old.isPresent()) {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        GroupPrincipal group = old.get().group();
        if (!view.getOwner().equals(old.get().owner())) {
          view.setOwner(old.get().owner());
        }
        if (!view.readAttributes().group().equals(group)) {
          view.setGroup(group);
        }
      }
    });
  }

  /** Deletes the file; a missing file is fine. */
  void delete(String name) throws IOException {
    if (Files.deleteIfExists(file(name))) {
      AtomicFile.syncDir(dir);
    }
  }

  /** Rejects names that could escape the directory or that wicked would not read. */
  static String checkName(String name) {
    if (name == null || !SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a usable ifcfg file name: " + name);
    }
    return name;
  }

  private Path file(String name) {
    return dir.resolve(checkName(name));
  }
}
