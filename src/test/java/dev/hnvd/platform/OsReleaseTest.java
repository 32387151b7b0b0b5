package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsReleaseTest {
  @TempDir Path dir;

  @Test
  void rhel_fromFixture() {
    OsRelease os = OsRelease.read(FakeLpar.in(dir).osRelease("rhel", "9.4").roots());

    assertThat(os).isEqualTo(new OsRelease("rhel", "9.4", List.of("fedora"), "rhel 9.4"));
    assertThat(os.isSuse()).isFalse();
  }

  @Test
  void quoting_singleDoubleBare_commentsAndBlankLines() {
    OsRelease os = OsRelease.parse("""
        # comment
        NAME="SLES"

        ID=sles  # trailing comment
        VERSION_ID='15.6'
        ID_LIKE="suse opensuse"
        PRETTY_NAME="SUSE \\"Linux\\" Enterprise Server 15 SP6"
        garbage line without equals
        =novalue
        """);

    assertThat(os.id()).isEqualTo("sles");
    assertThat(os.versionId()).isEqualTo("15.6");
    assertThat(os.idLike()).containsExactly("suse", "opensuse");
    assertThat(os.prettyName()).isEqualTo("SUSE \"Linux\" Enterprise Server 15 SP6");
    assertThat(os.isSuse()).isTrue();
  }

  @Test
  void suseByIdLike() {
    assertThat(OsRelease.parse("ID=opensuse-leap\n").isSuse()).isTrue();
    assertThat(OsRelease.parse("ID=foo\nID_LIKE=\"suse\"\n").isSuse()).isTrue();
    assertThat(OsRelease.parse("ID=ubuntu\nID_LIKE=debian\n").isSuse()).isFalse();
  }

  @Test
  void fallsBackToUsrLib() throws Exception {
    Path file = dir.resolve("usr/lib/os-release");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "ID=ubuntu\nVERSION_ID=\"24.04\"\n");

    OsRelease os = OsRelease.read(Roots.of(dir, null, null));

    assertThat(os.id()).isEqualTo("ubuntu");
    assertThat(os.versionId()).isEqualTo("24.04");
  }

  @Test
  void missing_emptyValues() {
    OsRelease os = OsRelease.read(Roots.of(dir, null, null));

    assertThat(os).isEqualTo(new OsRelease("", "", List.of(), ""));
  }

  @Test
  void notUtf8_emptyValuesNoThrow() throws Exception {
    Path file = dir.resolve("etc/os-release");
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {'I', 'D', '=', (byte) 0xff, (byte) 0xfe, '\n'});

    assertThat(OsRelease.read(Roots.of(dir, null, null)).id()).isEmpty();
  }
}
