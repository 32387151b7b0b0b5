package dev.hnvd.daemon;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The exported {@link Hnvd1} object. Every method becomes the equivalent command request, so the
 * D-Bus API, the socket and the in-process CLI share one code path and one output format.
 */
final class ApiObject implements Hnvd1 {
  private final Function<Wire.Request, Wire.Reply> handler;

  ApiObject(Function<Wire.Request, Wire.Reply> handler) {
    this.handler = handler;
  }

  @Override
  public String getObjectPath() {
    return OBJECT_PATH;
  }

  @Override
  public Outcome<Integer, String> Configure(String drcIndex) {
    return run("hcncfgdrc", "DRC_INDEX=" + drcIndex);
  }

  @Override
  public Outcome<Integer, String> RemoveDevice(String drc, String hcnId) {
    return run("hcnrmdev", "DRC_INDEX=" + drc, "HCN_ID=" + hcnId);
  }

  @Override
  public Outcome<Integer, String> RemoveHnv(String hcnId) {
    return run("hcnrmhcn", "HCN_ID=" + hcnId);
  }

  @Override
  public Outcome<Integer, String> Query(String drc, String hcnId) {
    return run("hcnqrydev", "DRC_INDEX=" + drc, "HCN_ID=" + hcnId);
  }

  @Override
  public Outcome<Integer, String> Scan() {
    return run("hcnmgr", "-s");
  }

  @Override
  public String Status() {
    return run("hnvctl", "status", "--json").getOutput();
  }

  private Outcome<Integer, String> run(String argv0, String... args) {
    // No settings from the caller: the daemon's own root, device tree and backend apply.
    Wire.Reply r = handler.apply(new Wire.Request(argv0, List.of(args), Map.of()));
    if (!r.ran()) {
      return new Outcome<>(1, "[ERROR]:" + argv0 + ":hnvd could not run the command (stopping?); see its journal\n");
    }
    String out = new String(r.stdout(), StandardCharsets.UTF_8);
    String err = new String(r.stderr(), StandardCharsets.UTF_8);
    return new Outcome<>(r.exit(), err.isEmpty() ? out : out + err);
  }
}
