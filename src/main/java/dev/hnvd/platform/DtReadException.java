package dev.hnvd.platform;

/**
 * A device-tree property exists but cannot be used (truncated, unreadable, not UTF-8); its message
 * is the human-readable reason that ends up in a problem list.
 */
final class DtReadException extends Exception {
  private static final long serialVersionUID = 1L;

  DtReadException(String message) {
    super(message);
  }
}
