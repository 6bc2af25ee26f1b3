#!/usr/bin/env python3
"""FuseSoC generator `aes_ctr_accel_gen` (aes_ctr_accel_gen.core): emits the accelerator's
Verilog for a YAML configuration with this repository's `gen-verilog` and writes a core holding
it, so a FuseSoC project can use any configuration, not only the checked-in default.

Parameters (in the calling core's `generate:` section):
  config: the YAML configuration, absolute or relative to the calling core's directory
          (configs/*.yaml of this repository are examples).

gen-verilog is run as `$AESCTR_GEN_VERILOG` when that names the built binary, else as
`cargo run --release --bin gen-verilog` in this repository (needs the Rust toolchain).
The generated core has the Verilog (top module `aes_ctr_accel`) and the lint waivers; its
name is the VLNV FuseSoC asks for. Needs PyYAML, which fusesoc itself depends on: run fusesoc
with its venv's bin/ first on PATH so that `python3` is that venv's.
"""
import os
import shutil
import subprocess
import sys

try:
    import yaml
except ImportError:
    sys.exit("aes_ctr_accel_gen: needs PyYAML; put the venv that holds fusesoc first on PATH")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(input_file):
    with open(input_file) as f:
        gen = yaml.safe_load(f)
    params = gen.get("parameters") or {}
    config = params.get("config")
    if not config:
        sys.exit("aes_ctr_accel_gen: parameter `config` (a YAML configuration file) is required")
    if not os.path.isabs(config):
        config = os.path.join(gen["files_root"], config)
    out = os.getcwd()
    binary = os.environ.get("AESCTR_GEN_VERILOG")
    if binary:
        cmd = [binary]
    else:
        cmd = ["cargo", "run", "--quiet", "--release", "--manifest-path", os.path.join(REPO, "Cargo.toml"),
               "--bin", "gen-verilog", "--"]
    subprocess.run(cmd + ["--config", config, "--out", out], check=True)
    shutil.copy(os.path.join(REPO, "hdl", "lint", "waivers.vlt"), os.path.join(out, "waivers.vlt"))
    core = {
        "name": gen["vlnv"],
        "description": "aes_ctr_accel emitted for " + os.path.basename(config),
        "filesets": {
            "lint_waivers": {"files": ["waivers.vlt"], "file_type": "vlt"},
            "rtl": {"files": ["aes_ctr_accel.v"], "file_type": "verilogSource"},
        },
        "targets": {"default": {"filesets": ["lint_waivers", "rtl"]}},
    }
    name = gen["vlnv"].split(":")[2]
    with open(os.path.join(out, name + ".core"), "w") as f:
        f.write("CAPI=2:\n")
        yaml.safe_dump(core, f, sort_keys=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: fusesoc_gen_verilog.py GENERATOR_INPUT.yml (FuseSoC calls it)")
    main(sys.argv[1])
