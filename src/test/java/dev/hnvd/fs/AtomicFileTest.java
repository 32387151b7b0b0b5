package dev.hnvd.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir
  Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void write_new_hasContentAndExactMode() throws IOException {
    Path f = dir.resolve("state.json");
    AtomicFile.write(f, bytes("one\n"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(f).hasContent("one");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    assertThat(Files.list(dir)).containsExactly(f);
  }

  @Test
  void write_existing_replacesContent() throws IOException {
    Path f = dir.resolve("ifcfg-bond1");
    Files.writeString(f, "old\n");
    AtomicFile.write(f, bytes("new\n"), PosixFilePermissions.fromString("rw-------"));

    assertThat(f).hasContent("new");
    assertThat(Files.list(dir)).containsExactly(f);
  }

  @Test
  void write_failureBeforeRename_leavesOldFileAndNoTemp() throws IOException {
    Path f = dir.resolve("ifcfg-bond1");
    Files.writeString(f, "old\n");

    assertThatThrownBy(() -> AtomicFile.write(f, bytes("new\n"), PosixFilePermissions.fromString("rw-------"),
        tmp -> {
          assertThat(tmp).hasContent("new").hasParent(dir);
          throw new IOException("chown refused");
        })).isInstanceOf(IOException.class).hasMessage("chown refused");

    assertThat(f).hasContent("old");
    assertThat(Files.list(dir)).containsExactly(f);
  }

  @Test
  void write_renameFails_leavesTargetAndNoTemp() throws IOException {
    // A non-empty directory cannot be replaced by a rename.
    Path target = dir.resolve("busy");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "kept");

    assertThatThrownBy(() -> AtomicFile.write(target, bytes("x"), Set.of())).isInstanceOf(IOException.class);

    assertThat(target.resolve("inside")).hasContent("kept");
    assertThat(Files.list(dir)).containsExactly(target);
  }

  @Test
  void write_missingDirectory_failsWithoutCreatingIt() {
    Path f = dir.resolve("no/such/file");
    assertThatThrownBy(() -> AtomicFile.write(f, bytes("x"), Set.of())).isInstanceOf(IOException.class);
    assertThat(dir.resolve("no")).doesNotExist();
  }
}
