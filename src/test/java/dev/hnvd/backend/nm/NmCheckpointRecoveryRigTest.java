package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import dev.hnvd.rig.NmRig;
import dev.hnvd.rig.NmRigExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * hnvd killed mid-apply leaves its NetworkManager checkpoint behind until NM's timeout; the next
 * run (same run dir) rolls back its own leftover at once and never touches anyone else's.
 */
@Tag("rig")
@ExtendWith(NmRigExtension.class)
class NmCheckpointRecoveryRigTest {
  @TempDir
  Path run;
  RigFixture fx;
  ListAppender<ILoggingEvent> log = new ListAppender<>();
  ch.qos.logback.classic.Logger recordsLog =
      (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(NmCheckpointRecords.class);

  /** Stands in for SIGKILL: nothing in the transaction catches it, so no cleanup runs. */
  static final class Killed extends Error {
    Killed() {
      super("simulated SIGKILL");
    }
  }

  @BeforeEach
  void setUp(NmRig rig) {
    fx = new RigFixture(rig);
    fx.clean();
    log.start();
    recordsLog.addAppender(log);
  }

  @AfterEach
  void tearDown() {
    recordsLog.detachAppender(log);
    fx.clean();
    fx.close();
  }

  List<String> warnings() {
    return log.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  List<Path> records() throws IOException {
    try (Stream<Path> s = Files.list(run)) {
      return s.filter(p -> p.getFileName().toString().startsWith(NmCheckpointRecords.PREFIX)).toList();
    }
  }

  /** Applies createHnv on a backend that is "killed" after its checkpoint and first profile write. */
  String killMidApply() throws IOException {
    try (NmBackend killed = fx.backend(run)) {
      killed.writeHook((step, s) -> {
        if (step.name().endsWith("-hv1")) {
          throw new Killed();
        }
        return s;
      });
      assertThatThrownBy(() -> killed.apply(NmBackendRigTest.createHnv())).isInstanceOf(Killed.class);
    }
    List<String> left = fx.nm.checkpoints();
    assertThat(left).hasSize(1);
    assertThat(records()).singleElement()
        .satisfies(p -> assertThat(Files.readString(p)).startsWith(left.get(0) + " "));
    return left.get(0);
  }

  String rolledBack(String checkpoint) {
    return "rolled back checkpoint " + checkpoint + " left by an interrupted hnvd run (pid "
        + ProcessHandle.current().pid() + ")";
  }

  @Test
  void killedMidApply_nextBackendRollsBackItsOwnCheckpointAtConnect_andApplies() throws Exception {
    String left = killMidApply();

    try (NmBackend next = fx.backend(run)) {
      assertThat(warnings()).containsExactly(rolledBack(left));
      assertThat(fx.nm.checkpoints()).isEmpty();
      assertThat(records()).isEmpty();

      next.apply(NmBackendRigTest.createHnv());

      assertThat(fx.nm.checkpoints()).isEmpty();
      assertThat(records()).isEmpty();
      assertThat(fx.names()).contains(NmBackendRigTest.BOND, NmBackendRigTest.BOND + "-hv1",
          NmBackendRigTest.BOND + "-hv2");
    }
  }

  @Test
  void killedMidApply_backendConnectedBefore_rollsBackOnConflictAndAsksToPlanAgain() throws Exception {
    try (NmBackend next = fx.backend(run)) {
      String left = killMidApply();

      // The plan was made before the rollback changed profiles and devices: not applied blindly.
      assertThatThrownBy(() -> next.apply(NmBackendRigTest.createHnv()))
          .isInstanceOfSatisfying(HnvException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
          .hasMessageContaining("plan again");
      assertThat(warnings()).containsExactly(rolledBack(left));
      assertThat(fx.nm.checkpoints()).isEmpty();
      assertThat(records()).isEmpty();

      next.apply(NmBackendRigTest.createHnv());
      assertThat(fx.names()).contains(NmBackendRigTest.BOND, NmBackendRigTest.BOND + "-hv1",
          NmBackendRigTest.BOND + "-hv2");
    }
  }

  @Test
  void foreignCheckpoint_notRecordedByUs_isConflictAndLeftAlone() throws Exception {
    String foreign = fx.rig.foreignCheckpoint("hv1");
    // Our record from before an NM restart may name the same path: another NM instance, not ours.
    Path old = run.resolve(NmCheckpointRecords.PREFIX + "1.1");
    Files.writeString(old, foreign + " :1.0 " + ProcessHandle.current().pid() + " -1\n");
    try (NmBackend backend = fx.backend(run)) {
      assertThatThrownBy(() -> backend.apply(NmBackendRigTest.createHnv()))
          .isInstanceOfSatisfying(HnvException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
          .hasMessageContaining("hnvd did not create it and leaves it alone");
      assertThat(fx.nm.checkpoints()).containsExactly(foreign);
      assertThat(records()).isEmpty();
      assertThat(warnings()).isEmpty();
    } finally {
      fx.rig.destroyCheckpoint(foreign);
    }
  }

  @Test
  void staleRecord_whoseCheckpointIsGone_isRemovedSilently() throws Exception {
    Path stale = run.resolve(NmCheckpointRecords.PREFIX + "1.77");
    Files.writeString(stale, "/org/freedesktop/NetworkManager/Checkpoint/77 " + fx.nm.nmOwner() + " "
        + ProcessHandle.current().pid() + " -1\n");

    try (NmBackend backend = fx.backend(run)) {
      assertThat(records()).isEmpty();
      assertThat(warnings()).isEmpty();
      backend.apply(NmBackendRigTest.createHnv());
      assertThat(fx.nm.checkpoints()).isEmpty();
      assertThat(records()).isEmpty();
    }
  }
}
