# -*- coding: utf-8 -*-
# Copyright: hnvd developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Runs ``hnvctl SUBCOMMAND --json`` for the modules of hnvd.hnv and hands back its JSON object.

Every rule (what an HNV is, when a migration is safe) lives in hnvctl; this only runs it and reads
its answer, so the modules and the HMC's commands can never disagree.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

# The options every module of the collection takes (their DOCUMENTATION repeats them).
COMMON_ARGS = dict(
    root=dict(type='path'),
    hnvctl=dict(type='path'),
)


def hnvctl_path(module):
    """The hnvctl to run: the one named by the task, else the one on PATH or in /usr/sbin."""
    if module.params.get('hnvctl'):
        return module.params['hnvctl']
    return module.get_bin_path('hnvctl', required=True, opt_dirs=['/usr/sbin'])


def run_json(module, subcommand):
    """Runs ``hnvctl SUBCOMMAND --json [--root ROOT]`` and returns ``(rc, answer, cmd)``.

    With --json hnvctl prints one JSON object on stdout, errors too (``{"code": N, "message": ...}``
    with exit 1). Anything else (no hnvctl, no JSON, an error object) fails the task, naming the
    command and what it said.
    """
    cmd = [hnvctl_path(module), subcommand, '--json']
    if module.params.get('root'):
        cmd += ['--root', module.params['root']]
    # A list, never a shell line: the root is passed as one argument whatever it contains.
    rc, out, err = module.run_command(cmd, check_rc=False)
    try:
        answer = json.loads(out)
    except ValueError:
        module.fail_json(
            msg='%s printed no JSON (exit %d): %s' % (' '.join(cmd), rc, (err or out).strip() or 'no output'),
            rc=rc, stdout=out, stderr=err, cmd=cmd)
    if not isinstance(answer, dict):
        module.fail_json(msg='%s printed JSON that is not an object' % ' '.join(cmd),
                         rc=rc, stdout=out, stderr=err, cmd=cmd)
    if rc != 0 and 'code' in answer and 'message' in answer:
        module.fail_json(
            msg='hnvctl %s: %s (error code %s)' % (subcommand, answer['message'], answer['code']),
            rc=rc, code=answer['code'], stdout=out, stderr=err, cmd=cmd)
    return rc, answer, cmd
