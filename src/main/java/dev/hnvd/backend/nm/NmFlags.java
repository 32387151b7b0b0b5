package dev.hnvd.backend.nm;

/** NetworkManager flag values from nm-dbus-interface.h that hnvd sends. */
final class NmFlags {
  /** NMSettingsAddConnection2Flags / NMSettingsUpdate2Flags: persist the profile. */
  static final int TO_DISK = 0x1;
  /** Do not autoconnect until someone activates the profile: we activate in our own order. */
  static final int BLOCK_AUTOCONNECT = 0x20;
  /** Update2 only (1.20): change the profile without re-applying it to an active device. */
  static final int NO_REAPPLY = 0x40;
  /** NMCheckpointCreateFlags. */
  static final int CHECKPOINT_DELETE_NEW_CONNECTIONS = 0x02;

  private NmFlags() {}
}
