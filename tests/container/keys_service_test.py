#!/usr/bin/python3
"""The compose file's one-shot `keys` service (deploy/container/make-federation.sh) with the
real alertctl and alertbus-dashboard, laid out as the image has them (the script beside
make-keys.sh and local.sh), into a temporary directory standing for the keys volume:
  - it makes every key (owner-only), the registry, four demo officers per node and each
    dashboard's configuration, its template with the node's public key from the registry;
  - every path the containers' configurations name in the keys volume is one it wrote;
  - run again, it changes nothing (the nodes keep their keys).

Usage: keys_service_test.py ROOT ALERTCTL ALERTBUS_DASHBOARD   (Debian's /usr/bin/python3)
"""
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib

root, alertctl, dashboard = (pathlib.Path(arg).resolve() for arg in sys.argv[1:4])
NODES = ("bac-giang", "hai-duong", "quang-ninh")
UNITS = ("cnty", "bvtv", "kiem-lam", "qlcl")
VOLUME = "/etc/alertbus/federation"  # The keys volume's mount point in compose.yaml.
failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)


def run_service(share, out):
    environment = dict(os.environ, ALERTCTL=str(alertctl), ALERTBUS_DASHBOARD=str(dashboard),
                       ALERTBUS_DEMO_PASSWORD="matkhau-kiem-thu")
    return subprocess.run([str(share / "make-federation.sh"), str(out),
                           str(root / "deploy/container/config")], env=environment,
                          capture_output=True, text=True, timeout=600)


def in_volume(out, path):
    """The file a container path in the keys volume is, in the test's directory."""
    expect(str(path).startswith(VOLUME + "/"), f"{path} is not in the keys volume {VOLUME}")
    return out / str(path)[len(VOLUME) + 1:]


def toml(path):
    with open(path, "rb") as file:
        return tomllib.load(file)


def check_made(out):
    registry = toml(out / "security/registry.toml")
    node_keys = {node["id"]: node["curve_public_key"] for node in registry["nodes"]}
    expect(sorted(node_keys) == sorted(NODES), f"registry nodes: {sorted(node_keys)}")
    for key in (out / "security/keys").iterdir():
        expect(stat.S_IMODE(key.stat().st_mode) == 0o600, f"{key.name} is not 0600")
    for node in NODES:
        broker = toml(root / f"deploy/container/config/{node}.toml")["security"]
        for path in (broker["registry"], broker["key_file"]):
            expect(in_volume(out, path).is_file(), f"{node}.toml names {path}: not made")
        made = out / f"{node}-dashboard.toml"
        template = root / f"deploy/container/config/dashboard-{node}.toml"
        config = toml(made)
        expect(config["broker"]["server_key"] == node_keys.get(node),
               f"{made.name}: server_key is not {node}'s key in the registry")
        other_lines = [line for line in made.read_text().splitlines()
                       if not line.startswith("server_key")]
        expect(other_lines == [line for line in template.read_text().splitlines()
                               if not line.startswith("server_key")],
               f"{made.name} differs from {template.name} beyond server_key")
        for unit in config["unit"]:
            expect(in_volume(out, unit["key_file"]).is_file(), f"{unit['key_file']}: not made")
        accounts = toml(in_volume(out, config["dashboard"]["accounts"]))
        expect(sorted(a["unit"] for a in accounts["account"]) == sorted(
            f"{node}/{unit}" for unit in UNITS), f"{node}'s accounts: {accounts['account']}")


def main():
    with tempfile.TemporaryDirectory(prefix="alertbus-keys-service-") as base:
        share = pathlib.Path(base) / "share"  # /usr/local/share/alertbus/container
        share.mkdir()
        for script in ("deploy/container/make-federation.sh", "deploy/make-keys.sh",
                       "deploy/dashboard/local.sh"):
            shutil.copy2(root / script, share)
        out = pathlib.Path(base) / "federation"
        out.mkdir(mode=0o700)
        first = run_service(share, out)
        expect(first.returncode == 0, f"first run: exit {first.returncode}\n{first.stderr}")
        if first.returncode == 0:
            check_made(out)
        kept = {path: path.read_bytes() for path in (out / "security").rglob("*") if path.is_file()}
        second = run_service(share, out)
        expect(second.returncode == 0, f"second run: exit {second.returncode}\n{second.stderr}")
        changed = [path.name for path, data in kept.items() if path.read_bytes() != data]
        expect(not changed, f"the second run changed {changed}")
    for failure in failures:
        print("SAI (wrong):", failure)
    print("== dịch vụ keys: " + ("đúng (right)" if not failures else "SAI (wrong)"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
