#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hnvd developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: hnv_facts
short_description: Read the HNV bonds of a PowerVM LPAR from hnvd
version_added: 0.1.0
description:
  - Runs C(hnvctl status --json) on the managed LPAR and sets C(ansible_facts.hnv) to its answer,
    unchanged, so the facts have exactly the shape of C(hnvctl status --json) (see the RETURN section).
  - When the connection manager (NetworkManager or wicked) cannot be read, hnvctl still reports
    what the kernel shows and exits 1; the facts are then set all the same, with a warning naming
    the reason (the C(backend) fact says it too).
  - Changes nothing on the LPAR, so check mode runs it normally.
author:
  - hnvd developers (@hnvd)
extends_documentation_fragment:
  - hnvd.hnv.hnvctl
attributes:
  check_mode:
    support: full
    description: Reads only; a run in check mode is a normal run.
  diff_mode:
    support: none
    description: Nothing is changed, so there is no difference to show.
  facts:
    support: full
    description: Sets C(ansible_facts.hnv).
notes:
  - Needs hnvd on the managed LPAR; C(hnvctl status) runs as any user, the connection manager's
    profiles may need root (C(become)).
seealso:
  - module: hnvd.hnv.hnv_migration_check
'''

EXAMPLES = r'''
- name: Read the HNV bonds
  hnvd.hnv.hnv_facts:

- name: Bonds whose active port is not the primary hnvd wants (running on the backup)
  ansible.builtin.debug:
    msg: "{{ item.bond }} runs on {{ item.activePort }}"
  loop: "{{ ansible_facts.hnv.hnvs }}"
  when: item.activePort != item.wantedPrimary

- name: Read a copied LPAR under /srv/lpar42 with a given hnvctl
  hnvd.hnv.hnv_facts:
    root: /srv/lpar42
    hnvctl: /usr/sbin/hnvctl
'''

RETURN = r'''
ansible_facts:
  description: The facts set.
  returned: always
  type: complex
  contains:
    hnv:
      description: The answer of C(hnvctl status --json), unchanged.
      returned: always
      type: complex
      contains:
        backend:
          description:
            - The connection manager hnvctl read the profiles from, or C(unavailable (reason)).
          type: str
          sample: NetworkManager 1.42.4
        hnvs:
          description: One entry per HNV (HCN id) found in the device tree or as a kernel bond.
          type: list
          elements: dict
          contains:
            hcnId:
              description: The HCN id, 8 hex digits.
              type: str
              sample: 00001a2b
            bond:
              description: The bond's interface name (C(bond<hcnId>)).
              type: str
              sample: bond00001a2b
            inDeviceTree:
              description: Whether the device tree names this HCN id.
              type: bool
            kernelBond:
              description: Whether the kernel has the bond.
              type: bool
            mode:
              description: The kernel bond's mode, C(null) without a bond.
              type: str
              sample: active-backup
            activePort:
              description: The port carrying the traffic now, C(null) if none.
              type: str
              sample: enP32775p1s0
            primary:
              description: The kernel bond's primary port.
              type: str
            wantedPrimary:
              description: The port hnvd makes primary (the SR-IOV VF when it is there).
              type: str
            ports:
              description: The HNV's ports.
              type: list
              elements: dict
              contains:
                ifname:
                  description: Interface name.
                  type: str
                kind:
                  description: C(sriov), C(vnic) or C(veth).
                  type: str
                enslaved:
                  description: Whether the port is a slave of the bond.
                  type: bool
                exists:
                  description: Whether the interface exists.
                  type: bool
                carrier:
                  description: Whether the link has carrier.
                  type: bool
                profile:
                  description: The port's profile (connection manager), C(null) if none or unread.
                  type: str
                path:
                  description:
                    - What the migration gate knows of the port's path (absent under the C(carrier) policy).
                    - C(answered) is the last instant it answered (ISO 8601) or C(null), C(alive) whether that
                      was within the gate's window (4 s), C(text) the same in words.
                  type: dict
            profile:
              description: The bond's profile (connection manager), C(null) if none or unread.
              type: str
            migration:
              description: The migration gate's answer for each SR-IOV VF of the HNV (hcnqrydev's rule).
              type: list
              elements: dict
              contains:
                ifname:
                  description: The VF's interface name.
                  type: str
                safe:
                  description: Whether removing the VF keeps the HNV on the network.
                  type: bool
                reason:
                  description: Why, with the path evidence.
                  type: str
  sample:
    hnv:
      backend: NetworkManager 1.42.4
      hnvs:
        - hcnId: 00001a2b
          bond: bond00001a2b
          inDeviceTree: true
          kernelBond: true
          mode: active-backup
          activePort: enP32775p1s0
          primary: enP32775p1s0
          wantedPrimary: enP32775p1s0
          ports:
            - {ifname: enP32775p1s0, kind: sriov, enslaved: true, exists: true, carrier: true, profile: bond00001a2b-enP32775p1s0}
            - {ifname: env3, kind: vnic, enslaved: true, exists: true, carrier: true, profile: bond00001a2b-env3}
          profile: bond00001a2b
cmd:
  description: The command that was run.
  returned: always
  type: list
  elements: str
  sample: [/usr/sbin/hnvctl, status, --json]
hnvctl_rc:
  description:
    - Its exit status (1 when the connection manager could not be read).
    - Not named C(rc) because Ansible fails every task whose result has a non-zero C(rc).
  returned: always
  type: int
  sample: 0
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.hnvd.hnv.plugins.module_utils.hnvctl import COMMON_ARGS, run_json


def main():
    module = AnsibleModule(argument_spec=dict(COMMON_ARGS), supports_check_mode=True)
    rc, answer, cmd = run_json(module, 'status')
    if not isinstance(answer.get('hnvs'), list):
        module.fail_json(msg='hnvctl status --json gave no "hnvs" list (exit %d)' % rc, rc=rc, cmd=cmd)
    if rc != 0:
        # hnvctl's documented exit 1: the kernel's view is shown, the profiles could not be read.
        module.warn('hnvctl status exited %d: connection manager %s; the facts show what the kernel shows'
                    % (rc, answer.get('backend')))
    # hnvctl_rc, not rc: Ansible marks any result with a non-zero rc as failed.
    module.exit_json(changed=False, ansible_facts=dict(hnv=answer), cmd=cmd, hnvctl_rc=rc)


if __name__ == '__main__':
    main()
