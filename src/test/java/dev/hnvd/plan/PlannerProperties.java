package dev.hnvd.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import dev.hnvd.model.Role;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the planner over random device trees and random pre-existing profiles. */
class PlannerProperties {

  /** One random device: HCN id from a small set, kind, interface present or pending. */
  record Dev(int id, PortKind kind, String ifname, boolean present) {}

  /** A random pre-existing profile, ours or someone else's. */
  record Pre(String name, Profile.Type type, String ifname, String controller, boolean owned) {}

  @Provide
  Arbitrary<List<Dev>> devices() {
    Arbitrary<Dev> dev = Combinators.combine(
        Arbitraries.integers().between(1, 4),
        Arbitraries.of(PortKind.class),
        Arbitraries.integers().between(0, 7),
        Arbitraries.of(true, true, true, false))
        .as((id, kind, n, present) -> new Dev(id, kind, "if" + n, present));
    // One interface name belongs to one device.
    return dev.list().ofMaxSize(8).uniqueElements(Dev::ifname);
  }

  @Provide
  Arbitrary<List<Pre>> existing() {
    Arbitrary<String> bond = Arbitraries.integers().between(1, 5).map(i -> String.format("bond%08x", i));
    Arbitrary<Pre> pre = Combinators.combine(
        bond, Arbitraries.of(Profile.Type.class), Arbitraries.integers().between(0, 8), Arbitraries.of(true, false),
        Arbitraries.of(true, false))
        .as((b, type, n, owned, hcnmgrNamed) -> switch (type) {
          case BOND -> new Pre(b, type, b, "", owned);
          case BOND_PORT -> new Pre(hcnmgrNamed ? b + "-if" + n : "p" + n, type, "if" + n, b, owned);
          case OTHER -> new Pre("Wired " + n, type, "if" + n, "", false);
        });
    return pre.list().ofMaxSize(6);
  }

  private static Scenario world(List<Dev> devs, List<Pre> pres) {
    Scenario s = new Scenario();
    for (Dev d : devs) {
      Role role = d.kind() == PortKind.SRIOV ? Role.PRIMARY : Role.BACKUP;
      s.device(d.id(), d.kind(), role, d.present() ? d.ifname() : null, d.present());
    }
    int k = 0;
    for (Pre p : pres) {
      s.profile(new Profile("pre-" + (k++), p.name(), p.type(), p.ifname(), p.controller(), p.owned(),
          Map.of(), p.type() == Profile.Type.OTHER));
    }
    return s;
  }

  @Property(tries = 400)
  void neverActsOnProfilesThatAreNotOurs(@ForAll("devices") List<Dev> devs, @ForAll("existing") List<Pre> pres) {
    Scenario s = world(devs, pres);
    Plan plan = s.reconcile();

    Set<String> ours = new HashSet<>();
    s.profiles.stream().filter(Profile::owned).forEach(p -> ours.add(p.key()));
    for (Action a : plan.actions()) {
      if (a instanceof Action.Adopt x) {
        Profile p = s.profiles.stream().filter(q -> q.key().equals(x.key())).findFirst().orElseThrow();
        // Adoption only of hcnmgr-named profiles of an HNV the device tree confirms.
        assertThat(s.discovery().hnvs()).anyMatch(h -> p.name().startsWith(h.bondName()));
        ours.add(x.key());
      }
      String key = keyOf(a);
      if (key != null) {
        assertThat(ours).as("%s acts on a profile that is not ours", a).contains(key);
      }
    }
  }

  @Property(tries = 400)
  void convergesInOneStep_secondRunPlansNothing(@ForAll("devices") List<Dev> devs, @ForAll("existing") List<Pre> pres) {
    // A foreign port profile binding one HNV's device to another HNV's bond is a fight NM would
    // also lose: the planner notes it and leaves it to the admin, so convergence is not promised.
    Assume.that(pres.stream().noneMatch(p -> !p.owned() && p.type() == Profile.Type.BOND_PORT
        && devs.stream().anyMatch(d -> d.ifname().equals(p.ifname())
            && !String.format("bond%08x", d.id()).equals(p.controller()))));
    Scenario s = world(devs, pres);
    s.apply(s.reconcile());
    Plan second = s.reconcile();
    assertThat(second.actions()).as("second plan, notes %s", second.notes()).isEmpty();
  }

  @Property(tries = 400)
  void oneBondPerHcnId_portsOnlyForExistingInterfaces_vfIsPrimary(
      @ForAll("devices") List<Dev> devs, @ForAll("existing") List<Pre> pres) {
    Scenario s = world(devs, pres);
    Plan plan = s.reconcile();

    assertThat(plan.actions().stream().filter(a -> a instanceof Action.CreateBond)
        .map(Action::hcnId)).doesNotHaveDuplicates();
    for (Action a : plan.actions()) {
      if (a instanceof Action.AddPort x) {
        assertThat(s.links).containsKey(x.ifname());
      }
      String primary = a instanceof Action.SetPrimary x ? x.ifname()
          : a instanceof Action.CreateBond x ? x.primary().orElse(null) : null;
      if (primary != null) {
        Hnv h = s.discovery().hnv(a.hcnId()).orElseThrow();
        assertThat(h.ports()).anyMatch(p -> p.kind() == PortKind.SRIOV && p.ifname().orElse("").equals(primary));
      }
    }
  }

  @Property(tries = 200)
  void afterApply_everyPresentDeviceIsEnslavedToItsBond(@ForAll("devices") List<Dev> devs) {
    Scenario s = world(devs, List.of());
    s.apply(s.reconcile());
    for (Hnv h : s.discovery().hnvs()) {
      for (Port p : h.presentPorts()) {
        assertThat(s.bonds.get(h.bondName()).slaves()).contains(p.ifname().orElseThrow());
      }
      h.primary().ifPresent(vf -> assertThat(s.bonds.get(h.bondName()).activeSlave()).isEqualTo(vf));
    }
  }

  /** The existing profile an action changes that must already be ours; null when none. */
  private static String keyOf(Action a) {
    return a.accept(new Action.Visitor<String>() {
      public String adopt(Action.Adopt x) {
        return null; // checked (and made ours) by the caller
      }

      public String createBond(Action.CreateBond x) {
        return null;
      }

      public String addPort(Action.AddPort x) {
        return null;
      }

      public String activateBond(Action.ActivateBond x) {
        return x.key();
      }

      public String activatePort(Action.ActivatePort x) {
        return x.key();
      }

      public String setPrimary(Action.SetPrimary x) {
        return null;
      }

      public String selectActive(Action.SelectActive x) {
        return null;
      }

      public String removePort(Action.RemovePort x) {
        return x.key();
      }

      public String removeBond(Action.RemoveBond x) {
        return x.key();
      }
    });
  }
}
