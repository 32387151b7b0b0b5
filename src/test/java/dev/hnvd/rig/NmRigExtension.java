package dev.hnvd.rig;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the tier-1 rig once per test JVM (stopped when the JVM's tests end, unless it was already
 * running or {@code HNVD_RIG_KEEP=1}; {@code HNVD_RIG_DIR} picks the rig directory) and injects
 * {@link NmRig}. When the rig cannot start, tests fail in CI ({@code CI=true}) and are skipped
 * elsewhere (no root, no netns, ...).
 */
public final class NmRigExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NmRigExtension.class);

  /** Keeps the rig for the whole run and stops it at the end. */
  private record Running(NmRig rig) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (!"1".equals(System.getenv("HNVD_RIG_KEEP"))) {
        rig.stopIfStartedHere();
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    rig(context);
  }

  static NmRig rig(ExtensionContext context) {
    Object r = context.getRoot().getStore(NS).getOrComputeIfAbsent("rig", k -> {
      try {
        return new Running(NmRig.start(Path.of(System.getProperty("user.dir"))));
      } catch (IOException | RuntimeException e) {
        return e;
      }
    });
    if (r instanceof Exception e) {
      String why = "tier-1 NetworkManager rig cannot start: " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why, e);
      }
      Assumptions.abort(why);
    }
    return ((Running) r).rig();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == NmRig.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return rig(e);
  }
}
