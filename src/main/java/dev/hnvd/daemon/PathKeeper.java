package dev.hnvd.daemon;

import com.kenai.jffi.Invoker;
import com.kenai.jffi.MemoryIO;
import dev.hnvd.engine.PathWatch;
import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import dev.hnvd.plan.PathEvidence;
import dev.hnvd.platform.KernelView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the path evidence of every HNV bond's ports, for the LPM gate (docs/architecture.md, "The
 * migration gate sees the path"). One thread: it listens on a packet socket bound to each port for
 * the bond's own ARP frames coming back in from the LAN (sent out of the active port, flooded by the
 * switch, received by the backup: proof that the backup's whole path reaches the LAN the active
 * port reaches), reads each port's receive counter, and sends an ARP probe out of a bond only when
 * a backup heard nothing for {@link PathLog#PROBE_AFTER} (at most one a second, per bond). The
 * gate reads what it kept ({@link #evidence}) and never waits for a probe.
 */
public final class PathKeeper implements PathWatch, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PathKeeper.class);
  /** How often the keeper looks at the bonds (and how long it waits in poll(2) at most). */
  static final Duration TICK = Duration.ofMillis(250);

  private final KernelView kernel;
  private final PortFacts facts;
  private final Supplier<Set<String>> bonds;
  private final Clock clock;
  private final PathLog memory = new PathLog();
  private final Map<String, PacketSocket> ears = new HashMap<>();
  private final Map<String, String> earBond = new HashMap<>();
  private final Set<String> deaf = new HashSet<>();
  /** Told when a backup's path died or answers again (the monitor's signal and metric follow). */
  private volatile Runnable onNews = () -> {};
  private Thread thread;
  private volatile boolean closed;
  private volatile String unusable;
  private long probes;
  private Instant started;

  /**
   * @param bonds the names of the HNV bonds to watch (the daemon's last discovery)
   * @param target HNVD_PATH_TARGET: the address the probes ask for (else the bond's gateway)
   */
  public PathKeeper(KernelView kernel, Path sysfs, Supplier<Set<String>> bonds, Optional<String> target, Clock clock) {
    this.kernel = kernel;
    this.facts = new PortFacts(sysfs, target);
    this.bonds = bonds;
    this.clock = clock;
  }

  /** Who hears that a backup's path died or came back, besides the journal. */
  public void onNews(Runnable r) {
    onNews = r;
  }

  /** Starts the thread; without packet sockets the gate says it checked carrier only, and why. */
  public PathKeeper start() {
    try {
      // Proves the permission (CAP_NET_RAW, AF_PACKET allowed) before the thread relies on it.
      PacketSocket.open(facts.loopback()).close();
    } catch (IOException | RuntimeException | LinkageError e) {
      unusable = "no packet socket: " + e.getMessage();
      log.warn("path evidence off ({}); the migration gate checks carrier only", unusable);
      return this;
    }
    started = clock.instant();
    thread = new Thread(this::run, "hnvd-path");
    thread.setDaemon(true);
    thread.start();
    log.info("watching the paths behind the HNV ports (ARP echo, probe after {} ms of silence)",
        PathLog.PROBE_AFTER.toMillis());
    return this;
  }

  @Override
  public PathEvidence evidence(String bond, List<String> ports) {
    String why = unusable;
    if (why != null) {
      return PathEvidence.unknown(why);
    }
    return memory.evidence(ports, clock.instant());
  }

  private void run() {
    MemoryIO m = MemoryIO.getInstance();
    long buf = m.allocateMemory(PacketSocket.FRAME, false);
    long sll = m.allocateMemory(32, true);
    long len = m.allocateMemory(8, true);
    long pollfds = 0;
    int capacity = 0;
    try {
      long nextTick = 0;
      while (!closed) {
        long nowNs = System.nanoTime();
        if (nowNs - nextTick >= 0) {
          try {
            tick();
          } catch (RuntimeException e) {
            // A bond or port that vanished mid-look: the next tick sees the new truth.
            log.debug("path watcher tick: {}", e.toString());
          }
          nextTick = nowNs + TICK.toNanos();
        }
        List<String> names = new ArrayList<>(ears.keySet());
        if (names.size() > capacity) {
          if (pollfds != 0) {
            m.freeMemory(pollfds);
          }
          capacity = names.size() * 2;
          pollfds = m.allocateMemory(8L * capacity, true);
        }
        for (int i = 0; i < names.size(); i++) {
          m.putInt(pollfds + 8L * i, ears.get(names.get(i)).fd);
          m.putShort(pollfds + 8L * i + 4, (short) PacketSocket.POLLIN);
          m.putShort(pollfds + 8L * i + 6, (short) 0);
        }
        int waitMs = (int) Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
        if (names.isEmpty()) {
          sleep(waitMs);
          continue;
        }
        int ready = (int) Invoker.getInstance().invokeN3(Libc.POLL_CTX, Libc.POLL, pollfds, names.size(), waitMs);
        if (ready <= 0) {
          continue;
        }
        for (int i = 0; i < names.size(); i++) {
          // POLLERR too: a port that went down leaves ENETDOWN pending on its socket, and only a
          // read clears it (else poll(2) would return at once, again and again).
          if (m.getShort(pollfds + 8L * i + 6) != 0) {
            drain(names.get(i), buf, sll, len);
          }
        }
      }
    } catch (RuntimeException e) {
      unusable = "path watcher stopped: " + e;
      log.warn("path evidence stopped ({}); the migration gate checks carrier only", e.toString());
    } finally {
      m.freeMemory(buf);
      m.freeMemory(sll);
      m.freeMemory(len);
      if (pollfds != 0) {
        m.freeMemory(pollfds);
      }
      ears.values().forEach(PacketSocket::close);
      ears.clear();
    }
  }

  private void drain(String port, long buf, long sll, long len) {
    PacketSocket s = ears.get(port);
    String bond = earBond.get(port);
    byte[] mac = facts.mac(bond);
    String active = kernel.bond(bond).map(BondState::activeSlave).orElse("");
    for (int i = 0; i < 64; i++) {
      PacketSocket.Frame f = s.receive(buf, sll, len);
      if (f == null) {
        return;
      }
      // Only frames of this port count (the socket is bound to it; the check costs nothing).
      if (mac != null && f.ifindex() == s.ifindex && PacketSocket.echoOf(f, mac)) {
        memory.echo(port, active, clock.instant());
      }
    }
  }

  /** Follows the bonds' ports, reads counters, probes the silent, tells the journal what died. */
  private void tick() {
    Instant now = clock.instant();
    Set<String> wanted = new HashSet<>();
    for (String bond : bonds.get()) {
      Optional<BondState> b = kernel.bond(bond);
      if (b.isEmpty() || b.get().slaves().isEmpty()) {
        continue;
      }
      List<String> ports = b.get().slaves();
      String active = b.get().activeSlave();
      memory.watch(ports, now);
      List<String> silent = new ArrayList<>();
      for (String p : ports) {
        wanted.add(p);
        boolean heard = listen(bond, p);
        boolean carrier = kernel.link(p).map(Link::carrier).orElse(false);
        boolean backup = carrier && !p.equals(active);
        // The active port's counter is its evidence; a backup's counts only when we cannot hear
        // its echo (other LPARs on its virtual switch keep it growing behind a dead SEA).
        facts.counter(p).ifPresent(n -> memory.rx(p, n, now, !backup || !heard));
        if (backup) {
          silent.add(p);
          memory.news(bond, p, now).ifPresent(line -> {
            if (line.contains("answers again")) {
              log.info("{}", line);
            } else {
              log.warn("{}", line);
            }
            onNews.run();
          });
        } else {
          memory.notBackup(p);
        }
      }
      if (!silent.isEmpty() && memory.probeDue(bond, silent, now)) {
        probe(bond);
      }
    }
    for (String p : new ArrayList<>(ears.keySet())) {
      if (!wanted.contains(p)) {
        ears.remove(p).close();
        earBond.remove(p);
        memory.forget(p);
      }
    }
    deaf.retainAll(wanted);
  }

  /** Keeps a socket on the port (reopened when its interface changed); false when it cannot. */
  private boolean listen(String bond, String port) {
    int ifindex = facts.ifindex(port);
    PacketSocket s = ears.get(port);
    if (s != null && s.ifindex == ifindex) {
      earBond.put(port, bond);
      return true;
    }
    if (s != null) {
      ears.remove(port).close();
    }
    if (ifindex <= 0) {
      return false;
    }
    try {
      ears.put(port, PacketSocket.open(ifindex));
      earBond.put(port, bond);
      deaf.remove(port);
      return true;
    } catch (IOException | RuntimeException e) {
      if (deaf.add(port)) {
        log.warn("cannot listen on {} for its path ({}); its receive counter is its only evidence", port, e.getMessage());
      }
      return false;
    }
  }

  private void probe(String bond) {
    byte[] mac = facts.mac(bond);
    int ifindex = facts.ifindex(bond);
    if (mac == null || ifindex <= 0) {
      return;
    }
    try (PacketSocket s = PacketSocket.open(ifindex)) {
      s.send(PacketSocket.probe(mac, facts.targetOf(bond)));
      probes++;
      log.debug("{}: path probe sent", bond);
    } catch (IOException | RuntimeException e) {
      log.debug("{}: path probe not sent: {}", bond, e.getMessage());
    }
  }

  /** The one-shot look's budget: two probes, each given half of it to come back. */
  static final Duration ONE_SHOT = Duration.ofMillis(1200);

  /**
   * The gate's evidence for a command run without the daemon (no history): listen on the ports,
   * probe the bond, wait up to {@link #ONE_SHOT} for the echo (a second probe halfway when a port
   * with carrier stayed silent). Ports with carrier that heard nothing then read "never answered
   * in 1.2 s of watching". Without a packet socket (not root, AF_PACKET refused) the evidence is
   * unknown and the gate says it checked carrier only.
   */
  public static PathWatch oneShot(KernelView kernel, Path sysfs, Optional<String> target, Clock clock) {
    return (bond, ports) -> {
      PathKeeper k = new PathKeeper(kernel, sysfs, () -> Set.of(bond), target, clock);
      try {
        return k.look(bond, ports);
      } catch (IOException | RuntimeException | LinkageError e) {
        return PathEvidence.unknown("no packet socket: " + e.getMessage());
      } finally {
        k.ears.values().forEach(PacketSocket::close);
      }
    };
  }

  private PathEvidence look(String bond, List<String> ports) throws IOException {
    Instant start = clock.instant();
    memory.watch(ports, start);
    String active = kernel.bond(bond).map(BondState::activeSlave).orElse("");
    List<String> listening = new ArrayList<>();
    for (String p : ports) {
      int ifindex = facts.ifindex(p);
      if (ifindex > 0) {
        ears.put(p, PacketSocket.open(ifindex));
        listening.add(p);
      }
    }
    MemoryIO m = MemoryIO.getInstance();
    long buf = m.allocateMemory(PacketSocket.FRAME, false);
    long sll = m.allocateMemory(32, true);
    long len = m.allocateMemory(8, true);
    long pollfds = m.allocateMemory(8L * Math.max(1, listening.size()), true);
    earBond.clear();
    listening.forEach(p -> earBond.put(p, bond));
    try {
      long deadline = System.nanoTime() + ONE_SHOT.toNanos();
      for (int round = 0; round < 2; round++) {
        probe(bond);
        long until = round == 0 ? System.nanoTime() + ONE_SHOT.toNanos() / 2 : deadline;
        while (!allHeard(listening, active) && System.nanoTime() < until && !listening.isEmpty()) {
          for (int i = 0; i < listening.size(); i++) {
            m.putInt(pollfds + 8L * i, ears.get(listening.get(i)).fd);
            m.putShort(pollfds + 8L * i + 4, (short) PacketSocket.POLLIN);
            m.putShort(pollfds + 8L * i + 6, (short) 0);
          }
          int ms = (int) Math.max(1, (until - System.nanoTime()) / 1_000_000);
          int ready = (int) Invoker.getInstance().invokeN3(Libc.POLL_CTX, Libc.POLL, pollfds, listening.size(), ms);
          for (int i = 0; ready > 0 && i < listening.size(); i++) {
            if (m.getShort(pollfds + 8L * i + 6) != 0) { // POLLERR too (see run)
              drain(listening.get(i), buf, sll, len);
            }
          }
        }
        if (allHeard(listening, active)) {
          break;
        }
      }
    } finally {
      m.freeMemory(buf);
      m.freeMemory(sll);
      m.freeMemory(len);
      m.freeMemory(pollfds);
    }
    return memory.evidence(ports, clock.instant());
  }

  /** Every port with carrier other than the active one heard our echo. */
  private boolean allHeard(List<String> listening, String active) {
    Instant now = clock.instant();
    PathEvidence e = memory.evidence(listening, now);
    for (String p : listening) {
      if (!p.equals(active) && kernel.link(p).map(Link::carrier).orElse(false) && e.seen(p).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static void sleep(int ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      try {
        thread.join(2 * TICK.toMillis() + 500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // The probe rate, for docs/performance.md: what the LAN saw from us.
      log.info("path watcher stopped: {} probes sent in {} s", probes,
          Duration.between(started, clock.instant()).toSeconds());
    }
  }
}
