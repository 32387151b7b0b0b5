package dev.hnvd.platform;

import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import dev.hnvd.model.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the HNVs out of the device tree and resolves each device to its interface. Read-only and
 * fresh on every call. A device that cannot be read is reported and skipped; it never stops the
 * others from being found.
 */
public final class Discoverer {
  private static final Logger log = LoggerFactory.getLogger(Discoverer.class);

  /** IBM supports at most this many vNIC / migratable SR-IOV ports per partition. */
  static final int MAX_PORTS = 10;

  private final Roots roots;

  public Discoverer(Roots roots) {
    this.roots = Objects.requireNonNull(roots, "roots");
  }

  /** Whether this is a PowerVM LPAR (what {@link Discovery#powervm()} says), read on its own. */
  public boolean powervm() {
    return PlatformFacts.powervm(roots);
  }

  /** Scans the device tree and sysfs once and returns what it found. */
  public Discovery discover() {
    List<String> problems = new ArrayList<>();
    List<String> undecodable = new ArrayList<>();
    InterfaceResolver resolver = InterfaceResolver.scan(roots.sysfs(), undecodable);
    for (String name : undecodable) {
      problems.add("interface " + name + ": name is not valid UTF-8 (odd bytes shown as \\xNN); interface ignored");
    }
    Path dt = DeviceTree.realRoot(roots.deviceTree());
    NodeReader reader = new NodeReader(dt, resolver, problems);
    List<NodeReader.Found> found = new ArrayList<>();

    // Same order as hcnmgr's search_dev: SR-IOV, then vnic, then l-lan.
    for (Path phb : DeviceTree.children(dt, "pci")) {
      for (Path eth : DeviceTree.children(phb, "ethernet")) {
        reader.read(eth, PortKind.SRIOV, phb).ifPresent(found::add);
      }
    }
    Path vdevice = dt.resolve("vdevice");
    for (Path vnic : DeviceTree.children(vdevice, "vnic")) {
      reader.read(vnic, PortKind.VNIC, vnic).ifPresent(found::add);
    }
    for (Path lan : DeviceTree.children(vdevice, "l-lan")) {
      reader.read(lan, PortKind.VETH, lan).ifPresent(found::add);
    }

    List<NodeReader.Found> checked = withoutSharedInterfaces(found).stream()
        .map(f -> new NodeReader.Found(f.id(), checkVendor(f.port()), f.byDevspec()))
        .toList();

    Map<HcnId, List<Port>> byId = new TreeMap<>();
    for (NodeReader.Found f : checked) {
      byId.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(f.port());
    }
    List<Hnv> hnvs = byId.entrySet().stream().map(e -> new Hnv(e.getKey(), e.getValue())).toList();

    boolean powervm = PlatformFacts.powervm(roots);
    boolean vpmem = PlatformFacts.vpmem(roots);
    boolean migratable = PlatformFacts.migratable(roots);
    if (powervm) {
      TreeChecks.missingTree(roots.deviceTree()).ifPresent(problems::add);
    }
    problems.addAll(TreeChecks.sharedDrcIndexes(hnvs));
    problems.addAll(TreeChecks.severalPrimaries(hnvs));
    problems.addAll(TreeChecks.tooManyPorts(hnvs, MAX_PORTS));
    if (checked.size() > MAX_PORTS) {
      problems.add(checked.size() + " HNV ports, at most " + MAX_PORTS + " are supported");
    }
    if (vpmem && !hnvs.isEmpty()) {
      problems.add("HNV and vPMEM cannot coexist");
    }
    Discovery discovery = new Discovery(powervm, vpmem, migratable, hnvs, problems);
    log.debug("discovered {} HNV(s) with {} port(s); powervm={} migratable={} vpmem={} problems={}",
        hnvs.size(), checked.size(), powervm, migratable, vpmem, problems);
    return discovery;
  }

  /**
   * Two nodes must never share an interface. Only MAC matching can cause it (devspec names one
   * node), so a devspec match keeps the interface and the MAC matches become pending.
   */
  private static List<NodeReader.Found> withoutSharedInterfaces(List<NodeReader.Found> found) {
    Map<String, List<NodeReader.Found>> byIf = new HashMap<>();
    for (NodeReader.Found f : found) {
      f.port().ifname().ifPresent(n -> byIf.computeIfAbsent(n, k -> new ArrayList<>()).add(f));
    }
    List<NodeReader.Found> out = new ArrayList<>();
    for (NodeReader.Found f : found) {
      Optional<String> ifname = f.port().ifname();
      List<NodeReader.Found> sharing = ifname.map(byIf::get).orElse(List.of());
      if (sharing.size() <= 1 || f.byDevspec()) {
        out.add(f);
        continue;
      }
      List<String> others = sharing.stream()
          .filter(o -> o != f)
          .map(o -> o.port().ofPath())
          .toList();
      Port pending = f.port().withIfname(null).withProblem("interface " + ifname.get()
          + " matched by MAC is also claimed by " + String.join(", ", others) + "; not guessing");
      out.add(new NodeReader.Found(f.id(), pending, false));
    }
    return out;
  }

  /** IBM supports only Mellanox adapters as HNV primary; an unknown vendor is not flagged. */
  private static Port checkVendor(Port port) {
    if (port.kind() != PortKind.SRIOV || port.vendorId() < 0 || port.vendorId() == Port.MELLANOX_VENDOR) {
      return port;
    }
    return port.withProblem(String.format(Locale.ROOT,
        "SR-IOV adapter vendor 0x%04x is not Mellanox (0x%04x); IBM supports only Mellanox as HNV primary",
        port.vendorId(), Port.MELLANOX_VENDOR));
  }

  /** Reads one device node into a port; problems that sink the whole device go to the list. */
  static final class NodeReader {
    /** A port with its HCN id and whether its interface was found by devspec. */
    record Found(HcnId id, Port port, boolean byDevspec) {}

    private final Path deviceTree;
    private final InterfaceResolver resolver;
    private final List<String> problems;

    NodeReader(Path deviceTree, InterfaceResolver resolver, List<String> problems) {
      this.deviceTree = deviceTree;
      this.resolver = resolver;
      this.problems = problems;
    }

    /**
     * The port for {@code node}, or empty when the node is no HNV device (no {@code ibm,hcn-id}) or
     * cannot be used (then a problem says why). {@code drcNode} carries {@code ibm,my-drc-index}:
     * the PHB for a VF, the node itself for vnic and l-lan.
     */
    Optional<Found> read(Path node, PortKind kind, Path drcNode) {
      String ofPath = DeviceTree.ofPath(deviceTree, node);
      HcnId id;
      List<String> portProblems = new ArrayList<>();
      try {
        Optional<byte[]> raw = DeviceTree.bytes(node, "ibm,hcn-id");
        if (raw.isEmpty()) {
          return Optional.empty();
        }
        Optional<String> bad = TreeChecks.badHcnId(raw.get());
        if (bad.isPresent()) {
          problems.add(ofPath + ": " + bad.get() + "; device ignored");
          return Optional.empty();
        }
        TreeChecks.longHcnId(raw.get()).ifPresent(portProblems::add);
        id = new HcnId(DeviceTree.u32(node, "ibm,hcn-id").orElseThrow());
      } catch (DtReadException e) {
        problems.add(ofPath + ": " + e.getMessage() + "; device ignored");
        return Optional.empty();
      }
      if (DeviceTree.undecodable(deviceTree, node)) {
        // Its path cannot be matched with a devspec, put in JSON or named to the HMC as it is.
        problems.add(ofPath + ": node name is not valid UTF-8 (odd bytes shown as \\xNN); device ignored");
        return Optional.empty();
      }
      DrcIndex drc;
      String drcWhere = drcNode.equals(node) ? "" : " of " + DeviceTree.ofPath(deviceTree, drcNode);
      try {
        Optional<Integer> raw = DeviceTree.u32(drcNode, "ibm,my-drc-index");
        if (raw.isEmpty()) {
          problems.add(ofPath + ": ibm,my-drc-index" + drcWhere + " is missing; device ignored");
          return Optional.empty();
        }
        drc = new DrcIndex(raw.get());
      } catch (DtReadException e) {
        problems.add(ofPath + ": " + e.getMessage() + drcWhere + "; device ignored");
        return Optional.empty();
      }

      int before = portProblems.size();
      String mode = optionalString(node, "ibm,hcn-mode", portProblems);
      if (mode.isEmpty() && portProblems.size() == before) {
        portProblems.add("ibm,hcn-mode missing or empty; treated as backup");
      }
      String locCode = optionalString(node, "ibm,loc-code", portProblems);
      String mac = "";
      try {
        mac = DeviceTree.mac(node, "local-mac-address").orElse("");
      } catch (DtReadException e) {
        portProblems.add(e.getMessage());
      }
      int vendor = -1;
      if (kind == PortKind.SRIOV) {
        try {
          vendor = DeviceTree.u32(node, "vendor-id").orElse(-1);
        } catch (DtReadException e) {
          portProblems.add(e.getMessage());
        }
      }

      InterfaceResolver.Resolution res = resolver.resolve(ofPath, mac);
      portProblems.addAll(res.problems());
      if (vendor == -1 && kind == PortKind.SRIOV && res.ifname().isPresent()) {
        vendor = resolver.vendor(res.ifname().get()).orElse(-1);
      }
      Port port = new Port(kind, Role.fromHcnMode(mode), drc, ofPath, locCode, mac, vendor,
          res.ifname(), portProblems);
      return Optional.of(new Found(id, port, res.byDevspec()));
    }

    private static String optionalString(Path node, String name, List<String> portProblems) {
      try {
        return DeviceTree.string(node, name).orElse("");
      } catch (DtReadException e) {
        portProblems.add(e.getMessage() + (name.equals("ibm,hcn-mode") ? "; treated as backup" : ""));
        return "";
      }
    }
  }
}
