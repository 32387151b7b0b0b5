package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Discovery;
import dev.hnvd.plan.Profile;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** state.json: private, atomic, and read back to tell what changed while we were off. */
class StateFileTest {
  @TempDir Path dir;

  private Discovery lpar(String vfIfname) {
    FakeLpar lpar = FakeLpar.in(dir.resolve("lpar-" + vfIfname)).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface(vfIfname);
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    return lpar.discover();
  }

  private static List<Profile> profiles() {
    return List.of(
        new Profile("uuid-bond", "bond00001a2b", Profile.Type.BOND, "bond00001a2b", "", true, Map.of(), false),
        new Profile("uuid-vf", "bond00001a2b-enP32775p1s0", Profile.Type.BOND_PORT, "enP32775p1s0", "uuid-bond",
            true, Map.of(), false),
        new Profile("uuid-eth0", "eth0", Profile.Type.OTHER, "eth0", "", false, Map.of(), true));
  }

  @Test
  void writeThenRead_roundTrip_withPrivateHeader_andNoTempLeft() throws Exception {
    StateFile f = new StateFile(dir.resolve("var/lib/hnvd"));
    StateFile.Saved s = StateFile.of(lpar("enP32775p1s0"), profiles(), Instant.parse("2026-11-26T02:00:00Z"));
    f.write(s);
    assertThat(Files.readAllLines(f.path()).get(0)).startsWith("# This is private data");
    assertThat(f.read()).contains(s);
    assertThat(s.hnvs().get("00001a2b").profiles()).containsExactly("uuid-bond", "uuid-vf");
    assertThat(s.hnvs().get("00001a2b").interfaces()).containsExactly("enP32775p1s0", "env3");
    try (Stream<Path> files = Files.list(f.path().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path()))).isEqualTo("rw-------");
  }

  @Test
  void rewrite_replacesTheWholeFile() throws Exception {
    StateFile f = new StateFile(dir);
    f.write(StateFile.of(lpar("enP32775p1s0"), profiles(), Instant.parse("2026-11-26T02:00:00Z")));
    StateFile.Saved second = StateFile.of(lpar("enP1p1s0"), List.of(), Instant.parse("2026-11-26T03:00:00Z"));
    f.write(second);
    assertThat(f.read()).contains(second);
  }

  @Test
  void corruptFile_isIgnored_notFatal() throws Exception {
    StateFile f = new StateFile(dir);
    Files.writeString(f.path(), "# header\n{\"lastReconcile\": ");
    assertThat(f.read()).isEmpty();
  }

  @Test
  void missingFile_isEmpty() {
    assertThat(new StateFile(dir.resolve("nothing")).read()).isEmpty();
  }

  @Test
  void changes_nameTheNewVfAfterMigration() {
    StateFile.Saved before = StateFile.of(lpar("enP32775p1s0"), profiles(), Instant.EPOCH);
    StateFile.Saved after = StateFile.of(lpar("enP1p1s0"), profiles(), Instant.now());
    assertThat(StateFile.changes(before, after))
        .containsExactly("HNV 00001a2b interfaces [enP32775p1s0, env3] -> [enP1p1s0, env3]");
  }

  @Test
  void ownedProfilesOfAnHnvNoLongerInTheTree_stayListed() {
    FakeLpar empty = FakeLpar.in(dir.resolve("empty")).powervm();
    StateFile.Saved s = StateFile.of(empty.discover(), profiles(), Instant.EPOCH);
    assertThat(s.hnvs().get("00001a2b").profiles()).containsExactly("uuid-bond", "uuid-vf");
  }

  @Test
  void backendAway_keepsTheProfilesWeKnewWeOwn() {
    StateFile.Saved before = StateFile.of(lpar("enP32775p1s0"), profiles(), Instant.EPOCH);
    StateFile.Saved blind = StateFile.of(lpar("enP1p1s0"), List.of(), Instant.now());
    StateFile.Saved kept = StateFile.withProfilesOf(blind, before);
    assertThat(kept.hnvs().get("00001a2b").profiles()).containsExactly("uuid-bond", "uuid-vf");
    assertThat(kept.hnvs().get("00001a2b").interfaces()).containsExactly("enP1p1s0", "env3");
  }
}
