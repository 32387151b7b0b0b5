package dev.hnvd.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ansible collection hnvd.hnv as an admin gets it: built by scripts/build-ansible, installed
 * with ansible-galaxy, run by Debian's ansible-playbook on localhost against fake LPARs, with this
 * build's hnvctl. The gate playbook is tried on a fleet of two LPARs (two inventory hosts with the
 * local connection, each with its own root).
 */
class AnsibleCollectionTest {
  @TempDir static Path dir;
  static Path hnvctl;
  static Map<String, String> env;

  @BeforeAll
  static void installTheCollection() throws Exception {
    Host.require("ansible-playbook", "ansible-core");
    Host.require("ansible-galaxy", "ansible-core");
    env = new HashMap<>();
    env.put("ANSIBLE_COLLECTIONS_PATH", dir.resolve("collections").toString());
    env.put("ANSIBLE_COLLECTIONS_SCAN_SYS_PATH", "false");
    env.put("ANSIBLE_LOCAL_TEMP", dir.resolve("tmp").toString());
    env.put("ANSIBLE_REMOTE_TEMP", dir.resolve("tmp").toString());
    // ansible makes ~/.ansible/{tmp,galaxy_cache} and ansible-test its venvs there: a home of its own.
    env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
    env.put("ANSIBLE_NOCOLOR", "1");
    env.put("ANSIBLE_RETRY_FILES_ENABLED", "false");
    env.put("ANSIBLE_PYTHON_INTERPRETER", "auto_silent");
    // Not the developer's ~/.ansible.cfg or an ansible.cfg in the working directory.
    env.put("ANSIBLE_CONFIG", dir.resolve("none.cfg").toString());
    Path repo = Path.of("").toAbsolutePath();
    String built = Host.ok(repo, env, 120, "scripts/build-ansible", "--output", dir.resolve("build").toString());
    Path tarball = Path.of(built.strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(tarball.getFileName().toString()).matches("hnvd-hnv-.+\\.tar\\.gz");
    Host.ok(dir, env, 120, "ansible-galaxy", "collection", "install", "-p", dir.resolve("collections").toString(),
        tarball.toString());
    hnvctl = Host.hnvctl(dir.resolve("bin"));
    Lpars.healthy(dir.resolve("lpar-a"));
    Lpars.healthy(dir.resolve("lpar-b"));
    Lpars.backupDown(dir.resolve("lpar-c"));
  }

  /** An inventory of LPARs on this machine, each host's name the fixture directory it reads. */
  private static Path inventory(String name, String... hosts) throws Exception {
    StringBuilder sb = new StringBuilder("[lpars]\n");
    for (String h : hosts) {
      sb.append(h).append(" hnv_root=").append(dir.resolve(h)).append('\n');
    }
    sb.append("[lpars:vars]\nansible_connection=local\nansible_python_interpreter={{ ansible_playbook_python }}\n")
        .append("hnv_hnvctl=").append(hnvctl).append('\n');
    Path inv = dir.resolve(name + ".ini");
    Files.writeString(inv, sb.toString());
    return inv;
  }

  private static Host.Result gate(Path inventory, String... extra) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString(),
        "hnvd.hnv.migration_gate", "-e", "hnv_hosts=lpars"));
    cmd.addAll(List.of(extra));
    return Host.run(dir, env, 300, cmd.toArray(String[]::new));
  }

  /** The gate's message: the line of the run that says whether the window is open. */
  private static String verdict(String out) {
    return out.lines().filter(l -> l.contains("migration window ")).findFirst().orElse("(no verdict in:\n" + out + ")");
  }

  @Test
  void gate_healthyFleet_opensTheWindow() throws Exception {
    Host.Result r = gate(inventory("healthy", "lpar-a", "lpar-b"));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("migration window open: all 2 LPAR(s) keep their HNVs")
        .contains("lpar-a: safe to migrate (2 HNV(s): bond00001a2b, bond00002c3d)")
        .contains("lpar-b: safe to migrate (2 HNV(s): bond00001a2b, bond00002c3d)")
        .doesNotContain("changed=1");
  }

  @Test
  void gate_oneBackupLinkDown_closesTheWindowForAll_namingTheLparAndTheHnv() throws Exception {
    Host.Result r = gate(inventory("down", "lpar-a", "lpar-c"));
    assertThat(r.exit()).as(r.out()).isNotZero();
    assertThat(r.out()).contains("migration window closed: 1 of 2 LPAR(s) would lose an HNV")
        // The window's play never ran, for nobody.
        .doesNotContain("TASK [Every LPAR is safe to migrate]");
    assertThat(verdict(r.out())).contains("[lpar-c] a live migration would drop an HNV: bond00001a2b (enP32775p1s0): "
        + "no other port of bond00001a2b has carrier").doesNotContain("[lpar-a]").doesNotContain("bond00002c3d");
  }

  @Test
  void gate_checkMode_givesTheSameVerdict() throws Exception {
    Host.Result r = gate(inventory("down-check", "lpar-a", "lpar-c"), "--check");
    assertThat(r.exit()).as(r.out()).isNotZero();
    assertThat(verdict(r.out())).contains("[lpar-c] a live migration would drop an HNV: bond00001a2b (enP32775p1s0)")
        .doesNotContain("[lpar-a]");
  }

  @Test
  void gate_lparWithoutHnvctl_closesTheWindow() throws Exception {
    Path inv = inventory("no-hnvctl", "lpar-a", "lpar-b");
    Files.writeString(inv, Files.readString(inv).replace("lpar-b hnv_root=", "lpar-b hnv_hnvctl=/nonexistent/hnvctl hnv_root="));
    Host.Result r = gate(inv);
    assertThat(r.exit()).as(r.out()).isNotZero();
    assertThat(r.out()).contains("migration window closed: 1 of 2 LPAR(s)").contains("[lpar-b] no answer");
  }

  @Test
  void modules_factsAndCheck_onFakeLpars_normallyAndInCheckMode() throws Exception {
    Lpars.healthy(dir.resolve("m-healthy"));
    Lpars.backupDown(dir.resolve("m-down"));
    FakeLpar.in(dir.resolve("m-empty")).powervm();
    Lpars.healthy(dir.resolve("m-vpmem")).vpmem();
    Path playbook = Path.of("src/test/resources/ansible/modules.yml").toAbsolutePath();
    for (List<String> mode : List.of(List.<String>of(), List.of("--check"))) {
      List<String> cmd = new java.util.ArrayList<>(List.of("ansible-playbook", playbook.toString(),
          "-i", "localhost,", "-c", "local",
          "-e", "ansible_python_interpreter={{ ansible_playbook_python }}",
          "-e", "hnvctl=" + hnvctl, "-e", "healthy_root=" + dir.resolve("m-healthy"),
          "-e", "down_root=" + dir.resolve("m-down"), "-e", "empty_root=" + dir.resolve("m-empty"),
          "-e", "vpmem_root=" + dir.resolve("m-vpmem"), "-e", "missing_root=" + dir.resolve("m-missing")));
      cmd.addAll(mode);
      Host.Result r = Host.run(dir, env, 300, cmd.toArray(String[]::new));
      assertThat(r.exit()).as("modules.yml " + mode + ":\n" + r.out()).isZero();
      assertThat(r.out()).as(r.out()).containsPattern("localhost +: ok=\\d+ +changed=0 +unreachable=0 +failed=0")
          .contains("ignored=4");
    }
  }

  @Test
  void ansibleDoc_readsBothModulesDocumentation() throws Exception {
    String facts = Host.ok(dir, env, 120, "ansible-doc", "hnvd.hnv.hnv_facts");
    assertThat(facts).contains("hnvctl status --json").contains("- root").contains("- hnvctl").contains("RETURN VALUES");
    String check = Host.ok(dir, env, 120, "ansible-doc", "hnvd.hnv.hnv_migration_check");
    assertThat(check).contains("hnvctl migration-check --json").contains("- root").contains("- hnvctl")
        .contains("unsafe");
  }

  /**
   * ansible-test sanity, the tests of it that run offline: the others (ansible-doc, import, pep8,
   * pylint, runtime-metadata, validate-modules, yamllint) first install Python packages into a venv
   * from the network (docs/ansible.md).
   */
  @Test
  void ansibleTestSanity_offlineTests_pass() throws Exception {
    Host.require("ansible-test", "ansible-core");
    Path sh = Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "ansible-test"))
        .filter(Files::isExecutable).findFirst().orElseThrow();
    // The python ansible-test runs with (its #! line): the one version to compile for here.
    String python = Files.readAllLines(sh).get(0).substring(2).strip().split(" ")[0];
    String version = Host.ok(dir, Map.of(), 60, python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])").strip();
    List<String> cmd = new java.util.ArrayList<>(List.of("ansible-test", "sanity", "--python", version));
    for (String online : List.of("ansible-doc", "import", "pep8", "pylint", "runtime-metadata", "validate-modules",
        "yamllint")) {
      cmd.addAll(List.of("--skip-test", online));
    }
    Host.Result r;
    try {
      r = Host.run(dir.resolve("collections/ansible_collections/hnvd/hnv"), env, 300, cmd.toArray(String[]::new));
    } finally {
      // Its venv links to the system python: JUnit would warn about each link it deletes.
      try (Stream<Path> all = Files.walk(dir.resolve("home"))) {
        for (Path p : all.filter(Files::isSymbolicLink).toList()) {
          Files.delete(p);
        }
      }
    }
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("Running sanity test \"compile\" on Python " + version)
        .contains("Running sanity test \"shebang\"").contains("Running sanity test \"use-argspec-type-path\"");
  }
}
