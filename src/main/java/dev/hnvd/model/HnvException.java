package dev.hnvd.model;

/**
 * The one domain error. Its kind decides how callers react and which hcnmgr error code the
 * DynamicRM commands print ({@code [ERROR]:<cmd>:error code N, <text>}).
 */
public final class HnvException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Error kinds with the hcnmgr code each maps to. */
  public enum Kind {
    /** Platform not supported (hcnmgr E_EPERM). */
    NOT_SUPPORTED(1),
    /**
     * Not permitted: a change asked for by a user who is not root. Code 1 is errno EPERM,
     * "Operation not permitted", the number hcnmgr's E_EPERM carries; 16 (E_BUSY) would send the
     * admin looking for a lock holder that does not exist.
     */
    NOT_PERMITTED(1),
    /** Bonding module could not be loaded (E_NOMODULE). */
    NO_MODULE(5),
    /** Removing the device would drop the network (E_BUSY). */
    BUSY(16),
    /** Device not in the device tree, or no interface name (E_ENODEV). */
    NO_DEVICE(19),
    /** Bad argument or unknown HCN id (E_INVAL). */
    INVALID(22),
    /** No connection manager reachable (E_ENETUNREACH). */
    UNREACHABLE(101),
    /** The connection manager refused a change; the transaction was rolled back. */
    REJECTED(101),
    /** Another tool holds a checkpoint on our devices. */
    CONFLICT(16),
    /** The kernel did not reach the planned state in time; rolled back. */
    VERIFY_FAILED(101),
    /** Rollback itself failed: the system may be half-changed. Logged loudly. */
    ROLLBACK_FAILED(101);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    /** The hcnmgr error code printed to the HMC. */
    public int code() {
      return code;
    }

    /**
     * Whether the same request may succeed later with nothing changed by anyone: the manager comes
     * back, another client's checkpoint ends, the kernel or a device catches up, a half-done change
     * is converged. Retries (the daemon's timed replan) are decided here only; the other kinds wait
     * for an event that changes the inputs. A new kind must be classified (the switch is exhaustive).
     */
    public boolean retryable() {
      return switch (this) {
        case UNREACHABLE, CONFLICT, VERIFY_FAILED, REJECTED, ROLLBACK_FAILED, BUSY, NO_DEVICE -> true;
        // NOT_PERMITTED: the caller is not root; waiting does not make it root.
        case NOT_SUPPORTED, NO_MODULE, INVALID, NOT_PERMITTED -> false;
      };
    }
  }

  private final Kind kind;

  public HnvException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public HnvException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
