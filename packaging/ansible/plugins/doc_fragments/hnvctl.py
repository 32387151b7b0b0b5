# -*- coding: utf-8 -*-
# Copyright: hnvd developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The options every module of this collection passes to hnvctl (module_utils/hnvctl.COMMON_ARGS).
    DOCUMENTATION = r'''
options:
  root:
    description:
      - Read the system under this directory instead of C(/) (C(hnvctl --root)), for example a
        device tree and sysfs copied from an LPAR.
    type: path
  hnvctl:
    description:
      - Path of the C(hnvctl) command. By default the one on C(PATH) or in C(/usr/sbin).
    type: path
'''
