package dev.hnvd.engine;

import dev.hnvd.plan.Safety;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Would a live migration drop an HNV? The HMC removes every VF, so each SR-IOV port is asked the
 * question {@code hcnqrydev} answers ({@link Engine#migrationSafety}, the one rule: {@link Safety#query}
 * with the site's policy and the ports' path evidence), plus vPMEM, which HNV
 * cannot live with. {@code hnvctl migration-check} and the drmgr pmig hook print this.
 */
public record MigrationCheck(List<VfVerdict> vfs, boolean vpmem, int hnvCount) {

  public MigrationCheck {
    vfs = List.copyOf(vfs);
  }

  /** One VF: its bond, its interface and the rule's answer. */
  public record VfVerdict(String bond, String ifname, Safety.Verdict verdict) {}

  /** How many things make a migration unsafe: each unsafe VF, and vPMEM. */
  public int problems() {
    return (int) vfs.stream().filter(v -> !v.verdict().safe()).count() + (vpmem ? 1 : 0);
  }

  public boolean safe() {
    return problems() == 0;
  }

  /** The last line, always printed: a box with nothing to check still gets an answer. */
  public String verdictLine() {
    if (!safe()) {
      return "verdict: NOT safe to migrate (" + problems() + " problem(s) above)";
    }
    return hnvCount == 0
        ? "verdict: safe to migrate (no HNV devices: nothing for a migration to drop)"
        : "verdict: safe to migrate (" + hnvCount + " HNV(s) checked)";
  }

  /** The JSON shape of {@code hnvctl migration-check --json}. */
  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("safe", safe());
    m.put("vpmem", vpmem);
    List<Object> list = new ArrayList<>();
    for (VfVerdict v : vfs) {
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("bond", v.bond());
      vm.put("ifname", v.ifname());
      vm.put("safe", v.verdict().safe());
      vm.put("reason", v.verdict().reason());
      list.add(vm);
    }
    m.put("vfs", list);
    m.put("verdict", verdictLine());
    return m;
  }
}
