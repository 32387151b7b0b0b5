# Copyright: hnvd developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""sos report plugin for hnvd (docs/sos.md): what a support case about PowerVM HNV bonds needs.

Installed as sos/report/plugins/hnvd.py in python3's site-packages, where sos looks for plugins.
It collects hnvd's own answers (hnvctl --json), its state files, its journal and the connection
manager profiles named for HNV bonds; it decides nothing about HNVs itself.
"""

import shlex

from sos.report.plugins import (DebianPlugin, IndependentPlugin, Plugin, RedHatPlugin, SuSEPlugin,
                                 UbuntuPlugin)

# An HNV bond is bond<HCN id as 8 hex digits>; its port profiles are bond<id>-<interface>
# (the names hnvd and hcnmgr give; docs/operations.md). As a glob:
HNV_BOND = 'bond' + '[0-9a-fA-F]' * 8

# A key of an NM keyfile or ifcfg file that may hold a secret (802.1X on a bond, say).
SECRET_KEY = r'(?im)^(\s*[a-z0-9_-]*(psk|password|passwd|secret|wep-key\d?|pin)[a-z0-9_-]*\s*=\s*)\S.*$'


# Tagged for each distribution by name as well: some sos policies load only their own tag (Debian's
# in sos 4.0 ignores IndependentPlugin).
class Hnvd(Plugin, RedHatPlugin, SuSEPlugin, DebianPlugin, UbuntuPlugin, IndependentPlugin):

    short_desc = 'hnvd: PowerVM Hybrid Network Virtualization bonds'

    plugin_name = 'hnvd'
    profiles = ('network', 'system', 'hardware')
    # Enabled wherever hnvd is installed (package), or its command or jar is there (a copied
    # install, a test).
    packages = ('hnvd',)
    commands = ('hnvctl',)
    files = ('/usr/lib/hnvd/hnvd.jar',)

    def setup(self):
        # hnvctl's answers. A command that fails or does not exist (an hnvd without "metrics")
        # leaves its exit and message in the archive and the rest is collected all the same.
        self._hnvctl('status --json', 'hnvctl_status_--json')
        self._hnvctl('doctor --json', 'hnvctl_doctor_--json')
        self._hnvctl('migration-check --json', 'hnvctl_migration-check_--json')
        self._hnvctl('metrics', 'hnvctl_metrics')
        # Who answers the HMC's commands: hnvd or powerpc-utils' hcnmgr.
        self.add_cmd_output('/usr/lib/hnvd/hnvd-takeover status', suggest_filename='hnvd-takeover_status')
        self.add_cmd_output('update-alternatives --display hcnmgr')

        # State: what the daemon owns and the takeover's records (/var/lib/hnvd), the transactions
        # in flight (/run/hnvd). Not the class-data archives (binary, tens of MB, rebuilt from the
        # JDK) nor the socket.
        self.add_copy_spec([
            '/var/lib/hnvd/',
            '/run/hnvd/',
            '/etc/sysconfig/hnvd',
            '/etc/systemd/system/hcn-init.service',
            '/etc/systemd/system/hcn-init.service.d/',
            '/etc/drmgr.d/pmig/90-hnvd',
        ])
        self.add_forbidden_path([
            '/var/lib/hnvd/*.jsa',
            '/run/hnvd/hnvd.sock',
        ])

        # The daemon (hcn-init.service) and the drmgr migration hook's verdicts.
        self.add_journal(units='hcn-init')
        self.add_journal(identifier='hnvd-pmig')

        # The profiles of HNV bonds and their ports: NetworkManager keyfiles (RHEL 9, SLES 16),
        # NetworkManager's ifcfg-rh files (RHEL 8), wicked's ifcfg files (SLES 15).
        self.add_copy_spec([
            '/etc/NetworkManager/system-connections/' + HNV_BOND + '*',
            '/run/NetworkManager/system-connections/' + HNV_BOND + '*',
            '/etc/sysconfig/network-scripts/ifcfg-' + HNV_BOND + '*',
            '/etc/sysconfig/network/ifcfg-' + HNV_BOND + '*',
        ])

    def _hnvctl(self, args, filename):
        cmd = 'hnvctl ' + args
        if self.use_sysroot():
            # sos reads another system's files under --sysroot: hnvctl reads that system too
            # (--root), run where sos runs rather than inside the sysroot.
            self.add_cmd_output(cmd + ' --root ' + shlex.quote(self.sysroot), suggest_filename=filename, chroot=False)
        else:
            self.add_cmd_output(cmd, suggest_filename=filename)

    def postproc(self):
        # Any prefix: under --sysroot sos matches the source paths with the sysroot in front.
        profiles = r'(.*/)?etc/(NetworkManager/system-connections|sysconfig/network-scripts|sysconfig/network)/'
        self.do_path_regex_sub(profiles + '(ifcfg-)?' + HNV_BOND + '[^/]*$', SECRET_KEY, r'\1********')
        self.do_path_regex_sub(r'(.*/)?run/NetworkManager/system-connections/' + HNV_BOND + '[^/]*$', SECRET_KEY,
                               r'\1********')
