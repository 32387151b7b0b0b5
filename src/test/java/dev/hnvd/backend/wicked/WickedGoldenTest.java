package dev.hnvd.backend.wicked;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.model.HcnId;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file write the wicked backend can make, against golden directories
 * {@code src/test/resources/ifcfg/golden/<case>/{before,expected}}: the ifcfg directory after the
 * plan must hold exactly the expected files, byte for byte. Run with
 * {@code -Dhnvd.golden.update=true} to rewrite the expected files (then review the diff).
 */
class WickedGoldenTest {
  private static final HcnId ID = HcnId.parse("1a2b");
  private static final String BOND = "bond00001a2b";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("create-bond", List.of(
            new Action.CreateBond(ID, BOND, Optional.of("eth2"), Optional.empty()),
            new Action.AddPort(ID, BOND, "eth2"),
            new Action.AddPort(ID, BOND, "eth3"))),
        Arguments.of("create-bond-ip-from", List.of(
            new Action.CreateBond(ID, BOND, Optional.of("eth0"), Optional.of("ifcfg-eth0")),
            new Action.AddPort(ID, BOND, "eth0"),
            new Action.AddPort(ID, BOND, "eth1"))),
        Arguments.of("add-slave", List.of(new Action.AddPort(ID, BOND, "eth3"))),
        Arguments.of("remove-slave", List.of(
            new Action.RemovePort(ID, BOND, "eth3", "ifcfg-" + BOND + "#eth3"))),
        Arguments.of("remove-primary-slave", List.of(
            new Action.RemovePort(ID, BOND, "eth2", "ifcfg-" + BOND + "#eth2"))),
        Arguments.of("remove-slave-yast-style", List.of(
            new Action.RemovePort(ID, BOND, "eth5", "ifcfg-" + BOND + "#eth5"))),
        Arguments.of("set-primary", List.of(new Action.SetPrimary(ID, BOND, "eth2"))),
        Arguments.of("delete-bond", List.of(new Action.RemoveBond(ID, BOND, "ifcfg-" + BOND))),
        Arguments.of("adopt-hcnmgr", List.of(new Action.Adopt(ID, "ifcfg-" + BOND, BOND))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void golden(String name, List<Action> actions, @TempDir Path tmp) throws IOException {
    Path ifcfg = tmp.resolve("etc/sysconfig/network");
    Files.createDirectories(ifcfg);
    Map<String, byte[]> before = read(Fixtures.dir("golden/" + name + "/before"));
    for (Map.Entry<String, byte[]> e : before.entrySet()) {
      Files.write(ifcfg.resolve(e.getKey()), e.getValue());
    }
    WickedBackend backend = new WickedBackend(WickedSettings.underRoot(tmp), () -> false, new FakeKernel());

    ApplyReport report = backend.apply(new Plan(actions, List.of()));

    Map<String, byte[]> after = read(ifcfg);
    if (Boolean.getBoolean("hnvd.golden.update")) {
      Path expectedDir = Paths.get("src/test/resources/ifcfg/golden", name, "expected");
      Files.createDirectories(expectedDir);
      try (Stream<Path> old = Files.list(expectedDir)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
      for (Map.Entry<String, byte[]> e : after.entrySet()) {
        Files.write(expectedDir.resolve(e.getKey()), e.getValue());
      }
    }
    Map<String, byte[]> expected = read(Fixtures.dir("golden/" + name + "/expected"));
    assertThat(after.keySet()).isEqualTo(expected.keySet());
    for (String file : expected.keySet()) {
      assertThat(new String(after.get(file), "ISO-8859-1"))
          .as(name + "/" + file)
          .isEqualTo(new String(expected.get(file), "ISO-8859-1"));
    }
    long changed = Stream.concat(before.keySet().stream(), after.keySet().stream()).distinct()
        .filter(f -> !java.util.Arrays.equals(before.get(f), after.get(f))).count();
    assertThat(report.writes()).isEqualTo((int) changed);
    assertThat(report.applied()).isEqualTo(actions);
  }

  private static Map<String, byte[]> read(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
