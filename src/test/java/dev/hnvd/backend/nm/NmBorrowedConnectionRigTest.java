package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.HcnId;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.Plan;
import dev.hnvd.plan.Profile;
import dev.hnvd.rig.NmRig;
import dev.hnvd.rig.NmRigExtension;
import dev.hnvd.rig.RigKernel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.DBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon drives NetworkManager over its one bus connection (NmBackend.over): the backend
 * works on a connection it does not own, leaves it open when closed, and asks its owner again
 * when the connection it had died (the daemon's link reconnects after a bus restart).
 */
@Tag("rig")
@ExtendWith(NmRigExtension.class)
class NmBorrowedConnectionRigTest {
  static final HcnId ID = new HcnId(0x11);

  @TempDir Path run;
  RigFixture fx;
  NmRig rig;
  final AtomicReference<DBusConnection> owners = new AtomicReference<>();
  final AtomicInteger asked = new AtomicInteger();

  @BeforeEach
  void setUp(NmRig r) throws Exception {
    rig = r;
    fx = new RigFixture(rig);
    fx.clean();
    owners.set(connect());
  }

  @AfterEach
  void tearDown() throws Exception {
    DBusConnection c = owners.get();
    if (c != null) {
      c.close();
    }
    fx.close();
  }

  private DBusConnection connect() throws Exception {
    return DBusConnectionBuilder.forAddress(rig.busAddress()).withShared(false).build();
  }

  private NmBackend borrowing() {
    return NmBackend.over(() -> {
      asked.incrementAndGet();
      return owners.get();
    }, new RigKernel(rig.sysfs()), rig.sysfs(), run);
  }

  private static Plan createHnv() {
    String bond = ID.bondName();
    return new Plan(List.of(new Action.CreateBond(ID, bond, Optional.of("hv1"), Optional.empty()),
        new Action.AddPort(ID, bond, "hv1")), List.of());
  }

  @Test
  void worksOnTheOwnersConnection_andClosingLeavesItOpen() throws Exception {
    DBusConnection owner = owners.get();
    try (NmBackend b = borrowing()) {
      assertThat(b.apply(createHnv()).writes()).isEqualTo(2);
      assertThat(b.profiles()).filteredOn(Profile::owned).extracting(Profile::name)
          .containsExactlyInAnyOrder(ID.bondName(), ID.bondName() + "-hv1");
    }
    assertThat(owner.isConnected()).isTrue();
    DBus dbus = owner.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
    assertThat(dbus.NameHasOwner("org.freedesktop.NetworkManager")).isTrue();
    // A second client on the same connection, as after SharedBackend dropped the first: still works.
    try (NmBackend again = borrowing()) {
      assertThat(again.profiles()).filteredOn(Profile::owned).hasSize(2);
    }
    assertThat(asked).hasValue(2);
  }

  @Test
  void theConnectionDied_theBackendAsksItsOwnerForTheNewOne() throws Exception {
    try (NmBackend b = borrowing()) {
      assertThat(b.profiles()).filteredOn(Profile::owned).isEmpty();
      // The owner's connection dies (bus restart, say) and the owner connects again.
      owners.get().close();
      owners.set(connect());
      assertThat(b.apply(createHnv()).writes()).isEqualTo(2);
      assertThat(b.profiles()).filteredOn(Profile::owned).hasSize(2);
    }
    assertThat(asked).hasValue(2);
  }
}
