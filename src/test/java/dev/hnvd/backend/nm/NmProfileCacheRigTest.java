package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.plan.Profile;
import dev.hnvd.rig.NmRig;
import dev.hnvd.rig.NmRigExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daemon's connection caches profile settings (NmClient, cacheProfiles): what others change
 * through NetworkManager must still be seen. Another client (the fixture's own connection, as an
 * admin's nmcli would be) adds, edits and deletes profiles between the cached reads.
 */
@Tag("rig")
@ExtendWith(NmRigExtension.class)
class NmProfileCacheRigTest {
  RigFixture fx;
  NmClient cached;

  @BeforeEach
  void setUp(NmRig rig) {
    fx = new RigFixture(rig);
    fx.clean();
    cached = NmClient.open(Optional.of(rig.busAddress()), Duration.ofSeconds(10), () -> { }, true);
  }

  @AfterEach
  void tearDown() {
    if (cached != null) {
      cached.close();
    }
    fx.close();
  }

  private List<String> names() {
    return cached.allSettings().stream().map(s -> NmProfileBuilder.string(s, "connection", "id"))
        .sorted().toList();
  }

  private String iface(String uuid) {
    return cached.allSettings().stream()
        .filter(s -> uuid.equals(NmProfileBuilder.string(s, "connection", "uuid")))
        .map(s -> NmProfileBuilder.string(s, "connection", "interface-name"))
        .findFirst().orElse("(gone)");
  }

  /** A change seen through a signal may take a moment: poll, bounded. */
  private static <T> T eventually(Supplier<T> read, T expected) throws InterruptedException {
    T last = read.get();
    for (int i = 0; i < 50 && !last.equals(expected); i++) {
      Thread.sleep(100);
      last = read.get();
    }
    return last;
  }

  @Test
  void profilesAddedOrDeletedByOthers_areSeenOnTheNextRead() {
    assertThat(names()).doesNotContain("theirs");
    String uuid = fx.addForeign("theirs", "802-3-ethernet", "fx1", Map.of());
    assertThat(names()).contains("theirs");
    fx.nm.delete(uuid);
    assertThat(names()).doesNotContain("theirs");
  }

  @Test
  void aProfileEditedByOthers_isSeenOnceNetworkManagerSaysSo() throws Exception {
    String uuid = fx.addForeign("theirs", "802-3-ethernet", "fx1", Map.of());
    assertThat(iface(uuid)).isEqualTo("fx1");

    var edited = NmProfileBuilder.copy(NmConnectionSettings.of(fx.settings(uuid)));
    edited.get("connection").put("interface-name", new Variant<>("fx2"));
    fx.nm.update(uuid, edited, NmFlags.TO_DISK);

    assertThat(eventually(() -> iface(uuid), "fx2")).isEqualTo("fx2");
  }

  @Test
  void ourOwnWrites_areSeenAtOnce_andTheCachedCopiesAreReadOnly() {
    String uuid = fx.addForeign("mine", "802-3-ethernet", "fx1", Map.of());
    NmConnectionSettings s = cached.allSettings().stream()
        .filter(p -> uuid.equals(NmProfileBuilder.string(p, "connection", "uuid"))).findFirst().orElseThrow();
    assertThatThrownBy(() -> s.get("connection").put("id", new Variant<>("x")))
        .isInstanceOf(UnsupportedOperationException.class);

    var edited = NmProfileBuilder.copy(s);
    edited.get("connection").put("interface-name", new Variant<>("fx3"));
    cached.update(uuid, edited, NmFlags.TO_DISK);
    // No waiting: our write dropped the cached copy before it was sent.
    assertThat(iface(uuid)).isEqualTo("fx3");

    cached.delete(uuid);
    assertThat(names()).doesNotContain("mine");
  }

  @Test
  void theBackendOnTopOfTheCache_reportsForeignProfilesAsNotOwned() {
    fx.addForeign("theirs", "802-3-ethernet", "fx1", Map.of());
    try (NmBackend backend = fx.backend()) {
      assertThat(backend.profiles()).filteredOn(p -> p.name().equals("theirs"))
          .singleElement().extracting(Profile::owned).isEqualTo(false);
    }
  }
}
