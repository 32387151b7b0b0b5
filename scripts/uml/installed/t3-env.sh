# shellcheck shell=bash
# shellcheck disable=SC2034 # sourced: the names are used by lpar.sh and the check scripts
# Tier 3: names shared by lpar.sh (the simulated LPAR) and the check scripts.
LPAR=/run/lpar
ID=1a2b
B=bond0000$ID
VF1=enP1p0s0 VF1_MAC=02:00:00:00:01:01 VF1_PHB=800000020000021 VF1_DRC=20000021
VF2=enP2p0s0 VF2_MAC=02:00:00:00:02:01 VF2_PHB=800000020000022 VF2_DRC=20000022
VF3=enP3p0s0 VF3_MAC=02:00:00:00:03:01 VF3_PHB=800000020000031 VF3_DRC=20000031
BK=env3 BK_MAC=02:00:00:00:00:03 BK_DRC=30000003
IP=169.254.10.1
