#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hnvd developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: hnv_migration_check
short_description: Fail when a live partition migration would drop an HNV of a PowerVM LPAR
version_added: 0.1.0
description:
  - Runs C(hnvctl migration-check --json) on the managed LPAR, the check hnvd's drmgr hook uses to
    veto an unsafe Live Partition Mobility, and the rule the HMC's C(hcnqrydev) answers with.
  - Succeeds when every HNV bond can lose its SR-IOV VF (another port is enslaved, has carrier
    and, under hnvd's default path gate, a path that answered within 4 s). Fails otherwise, with
    one reason per unsafe VF in C(msg) and C(unsafe).
  - The verdict is hnvctl's; this module only reports it.
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
notes:
  - To gate a migration window over many LPARs, register the result with C(ignore_errors) and
    decide once for all hosts; the collection's playbook C(hnvd.hnv.migration_gate) does that.
seealso:
  - module: hnvd.hnv.hnv_facts
'''

EXAMPLES = r'''
- name: Stop here if a live migration would drop an HNV
  hnvd.hnv.hnv_migration_check:

- name: Ask every LPAR, decide later
  hnvd.hnv.hnv_migration_check:
  register: hnv_gate
  ignore_errors: true

- name: Show why
  ansible.builtin.debug:
    msg: "{{ item.bond }}: {{ item.reason }}"
  loop: "{{ hnv_gate.unsafe }}"
'''

RETURN = r'''
safe:
  description: Whether a live migration keeps every HNV (hnvctl's verdict).
  returned: when hnvctl answered
  type: bool
  sample: false
vpmem:
  description: Whether the LPAR has a vPMEM volume (HNV and vPMEM cannot coexist; hnvctl counts it as a problem).
  returned: when hnvctl answered
  type: bool
  sample: false
vfs:
  description: One entry per SR-IOV VF of an HNV, as hnvctl gives it.
  returned: when hnvctl answered
  type: list
  elements: dict
  contains:
    bond:
      description: The HNV's bond.
      type: str
      sample: bond00001a2b
    ifname:
      description: The VF's interface.
      type: str
      sample: enP32775p1s0
    safe:
      description: Whether this VF may go.
      type: bool
    reason:
      description: Why (hnvctl's words).
      type: str
      sample: env3 of bond00001a2b has carrier
unsafe:
  description: The entries of C(vfs) that are not safe.
  returned: when hnvctl answered
  type: list
  elements: dict
  sample:
    - {bond: bond00001a2b, ifname: enP32775p1s0, safe: false, reason: no other port of bond00001a2b has carrier}
reasons:
  description: 'One line per problem, C(bond (VF): reason), and one for vPMEM.'
  returned: when hnvctl answered
  type: list
  elements: str
  sample: ['bond00001a2b (enP32775p1s0): no other port of bond00001a2b has carrier']
verdict:
  description: hnvctl's verdict line.
  returned: when hnvctl answered
  type: str
  sample: 'verdict: safe to migrate (1 HNV(s) checked)'
cmd:
  description: The command that was run.
  returned: always
  type: list
  elements: str
  sample: [/usr/sbin/hnvctl, migration-check, --json]
hnvctl_rc:
  description: Its exit status (0 safe, 1 not safe).
  returned: always
  type: int
  sample: 0
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.hnvd.hnv.plugins.module_utils.hnvctl import COMMON_ARGS, run_json


def main():
    module = AnsibleModule(argument_spec=dict(COMMON_ARGS), supports_check_mode=True)
    rc, answer, cmd = run_json(module, 'migration-check')
    if not isinstance(answer.get('safe'), bool) or not isinstance(answer.get('vfs'), list):
        module.fail_json(msg='hnvctl migration-check --json gave no verdict (exit %d)' % rc, rc=rc, cmd=cmd)
    unsafe = [v for v in answer['vfs'] if not v.get('safe')]
    reasons = ['%s (%s): %s' % (v.get('bond'), v.get('ifname'), v.get('reason')) for v in unsafe]
    if answer.get('vpmem'):
        reasons.append('a vPMEM volume is present (HNV and vPMEM cannot coexist)')
    result = dict(changed=False, safe=answer['safe'] and rc == 0, vpmem=bool(answer.get('vpmem')),
                  vfs=answer['vfs'], unsafe=unsafe, reasons=reasons, verdict=answer.get('verdict'),
                  cmd=cmd, hnvctl_rc=rc)
    if result['safe']:
        module.exit_json(msg=answer.get('verdict'), **result)
    # hnvctl said no (or its exit and its answer disagree): the gate stays closed.
    module.fail_json(msg='a live migration would drop an HNV: %s' % ('; '.join(reasons) or answer.get('verdict')),
                     **result)


if __name__ == '__main__':
    main()
