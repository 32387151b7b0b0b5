package dev.hnvd.backend.wicked;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.HcnId;
import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the plan (Adopt aside, which exists to take a file over), a file without our mark keeps
 * its exact bytes, and a refused plan changes nothing at all.
 */
class WickedOwnershipProperties {
  private static final List<String> BONDS = List.of("bond00001a2b", "bond00000001", "bond0");
  private static final List<String> PORTS = List.of("eth0", "eth1", "eth2", "eth3");

  /** Files already there: one of ours, the rest foreign (hcnmgr-made, YaST, plain). */
  private static final String OURS = "ifcfg-bond00000001";

  @Property(tries = 200)
  void foreignFilesNeverChange(@ForAll("plans") List<Action> actions, @ForAll boolean wickedRunning)
      throws IOException {
    Path root = Files.createTempDirectory("hnvd-own");
    try {
      WickedRig rig = new WickedRig(root);
      // Running: the fake kernel never shows a bond, so every ifup ends in a verify failure and a
      // rollback; that path must not touch foreign files either.
      rig.active.set(wickedRunning);
      rig.foreignBond("eth2", "eth3")
          .file(OURS, "HNVD_OWNER='hnvd'\nBONDING_MASTER='yes'\nBONDING_SLAVE_1='eth0'\n")
          .file("ifcfg-bond0", new String(Fixtures.bytes("roundtrip/ifcfg-bond0.yast"), StandardCharsets.ISO_8859_1))
          .file("ifcfg-eth0", new String(Fixtures.bytes("roundtrip/ifcfg-eth0.yast"), StandardCharsets.ISO_8859_1))
          .file("ifcfg-eth1", new String(Fixtures.bytes("roundtrip/ifcfg-eth1.handwritten"), StandardCharsets.ISO_8859_1));
      List<String> foreign = List.of(WickedRig.BOND_FILE, "ifcfg-bond0", "ifcfg-eth0", "ifcfg-eth1");
      List<byte[]> before = foreign.stream().map(f -> read(rig, f)).toList();
      byte[] oursBefore = rig.bytes(OURS);

      boolean refused = false;
      try {
        rig.backend().apply(new Plan(actions, List.of()));
      } catch (HnvException e) {
        refused = true;
      }

      for (int i = 0; i < foreign.size(); i++) {
        assertThat(read(rig, foreign.get(i))).as(foreign.get(i)).isEqualTo(before.get(i));
      }
      if (refused) {
        assertThat(rig.bytes(OURS)).isEqualTo(oursBefore);
      }
    } finally {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static byte[] read(WickedRig rig, String name) {
    try {
      return rig.bytes(name);
    } catch (IOException e) {
      return null; // deleted: fails the comparison
    }
  }

  @Provide
  Arbitrary<List<Action>> plans() {
    Arbitrary<String> bond = Arbitraries.of(BONDS);
    Arbitrary<String> port = Arbitraries.of(PORTS);
    HcnId id = HcnId.parse("1a2b");
    Arbitrary<Action> action = Arbitraries.oneOf(
        Combinators.combine(bond, port.optional(), Arbitraries.of("ifcfg-eth0", "ifcfg-eth1").optional())
            .as((b, p, ip) -> (Action) new Action.CreateBond(id, b, p, ip)),
        Combinators.combine(bond, port).as((b, p) -> (Action) new Action.AddPort(id, b, p)),
        Combinators.combine(bond, port).as((b, p) -> (Action) new Action.RemovePort(id, b, p, "ifcfg-" + b + "#" + p)),
        Combinators.combine(bond, port).as((b, p) -> (Action) new Action.SetPrimary(id, b, p)),
        Combinators.combine(bond, port).as((b, p) -> (Action) new Action.SelectActive(id, b, p)),
        Combinators.combine(bond, port).as((b, p) -> (Action) new Action.ActivatePort(id, b, p, "ifcfg-" + b + "#" + p)),
        bond.map(b -> (Action) new Action.ActivateBond(id, b, "ifcfg-" + b)),
        bond.map(b -> (Action) new Action.RemoveBond(id, b, "ifcfg-" + b)));
    return action.list().ofMinSize(1).ofMaxSize(5);
  }

}
