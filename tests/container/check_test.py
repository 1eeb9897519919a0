#!/usr/bin/python3
"""tests/container/check.py against broken copies of the container files: each copy (in a
temporary directory: deploy/ and .dockerignore) carries one fault the checker must reject,
naming the rule; the untouched copy must pass. The test fails if a broken copy passes.

Usage: check_test.py [repository root]   (Debian's /usr/bin/python3, python3-yaml)
"""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check  # noqa: E402

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[2])
checker = pathlib.Path(__file__).resolve().parent / "check.py"
DOCKERFILE = "deploy/container/Dockerfile"
COMPOSE = "deploy/container/compose.yaml"


def edit(relative, old, new, count=1):
    """A fault: the first `count` occurrences of old (a regular expression) replaced."""
    def apply(copy):
        path = copy / relative
        text = path.read_text()
        changed, done = re.subn(old, new, text, count=count, flags=re.MULTILINE)
        if done == 0:
            raise AssertionError(f"{relative}: '{old}' not found: the fault was not made")
        path.write_text(changed)
    return apply


def remove(relative):
    def apply(copy):
        (copy / relative).unlink()
    return apply


def without_service(name):
    def apply(copy):
        path = copy / COMPOSE
        document = yaml.safe_load(path.read_text())
        del document["services"][name]
        path.write_text(yaml.safe_dump(document))
    return apply


def not_executable(relative):
    def apply(copy):
        (copy / relative).chmod(0o644)
    return apply


FAULTS = [
    ("base image 'latest'", edit(DOCKERFILE, r"^FROM debian:bookworm-\d+-slim",
                                 "FROM debian:latest"), "dockerfile.pinned"),
    ("base image moving tag bookworm-slim", edit(DOCKERFILE, r"^FROM debian:bookworm-\d+-slim",
                                                 "FROM debian:bookworm-slim"), "dockerfile.pinned"),
    ("one stage only", edit(DOCKERFILE, r"^FROM debian:bookworm-\d+-slim AS runtime\n", ""),
     "dockerfile.stages"),
    ("final stage runs as root", edit(DOCKERFILE, r"^USER alertbus$", "USER root"),
     "dockerfile.user"),
    ("final stage without USER", edit(DOCKERFILE, r"^USER alertbus\n", ""), "dockerfile.user"),
    ("COPY of a missing file", remove("deploy/container/http-check.sh"), "dockerfile.copy"),
    ("COPY of a script that cannot run", not_executable("deploy/make-keys.sh"),
     "dockerfile.copy"),
    ("no HEALTHCHECK", edit(DOCKERFILE, r"^HEALTHCHECK[^\n]*\\\n[^\n]*\n", ""),
     "dockerfile.healthcheck"),
    ("tests built in the image", edit(DOCKERFILE, "-DALERTBUS_TESTS=OFF", "-DALERTBUS_TESTS=ON"),
     "dockerfile.build"),
    ("metrics port not exposed", edit(DOCKERFILE, r"^EXPOSE 7301 9464", "EXPOSE 9464"),
     "dockerfile.expose"),
    ("compose is not YAML", edit(COMPOSE, r"^services:", "services: ["), "compose.parse"),
    ("a dashboard missing", without_service("dashboard-quang-ninh"), "compose.services"),
    ("dashboard port on every address", edit(COMPOSE, r'"127\.0\.0\.1:8402:8401"', '"8402:8401"'),
     "compose.ports"),
    ("dashboard port on 0.0.0.0", edit(COMPOSE, r'"127\.0\.0\.1:8403:8401"',
                                       '"0.0.0.0:8403:8401"'), "compose.ports"),
    ("capabilities kept", edit(COMPOSE, r"cap_drop: \[ALL\]", "cap_drop: [NET_RAW]"),
     "compose.hardening"),
    ("no-new-privileges off", edit(COMPOSE, r'security_opt: \["no-new-privileges:true"\]',
                                   'security_opt: ["no-new-privileges:false"]'),
     "compose.hardening"),
    ("writable root filesystem", edit(COMPOSE, r"read_only: true", "read_only: false"),
     "compose.hardening"),
    ("no memory limit", edit(COMPOSE, r"^    mem_limit: 512m\n", ""), "compose.hardening"),
    ("broker starts before the keys exist",
     edit(COMPOSE, "condition: service_completed_successfully", "condition: service_started"),
     "compose.depends_on"),
    ("dashboard starts before its broker is healthy",
     edit(COMPOSE, "condition: service_healthy", "condition: service_started"),
     "compose.depends_on"),
    ("a broker may write the keys", edit(COMPOSE, r"- keys:/etc/alertbus/federation:ro",
                                         "- keys:/etc/alertbus/federation"), "compose.keys"),
    ("keys service runs a script the image lacks",
     edit(COMPOSE, r"- /usr/local/share/alertbus/container/make-federation\.sh",
          "- /usr/local/share/alertbus/make-federation.sh"), "compose.files"),
    ("health check runs a program the image lacks",
     edit(COMPOSE, r'"/usr/local/bin/alertbus-http-check", "127\.0\.0\.1:8401"',
          '"/usr/bin/curl", "127.0.0.1:8401"'), "compose.files"),
    ("mounted configuration missing", remove("deploy/container/config/quang-ninh.toml"),
     "config.parse"),
    ("mounted folder missing", edit(COMPOSE, r"- \./config:/etc/alertbus/container:ro",
                                    "- ./configs:/etc/alertbus/container:ro"), "compose.files"),
    ("build context missing", edit(COMPOSE, r"context: \.\./\.\.", "context: ../../.."),
     "compose.files"),
    ("broker health check on another port", edit(COMPOSE, r'"127\.0\.0\.1:9464"',
                                                 '"127.0.0.1:9465"'), "config.metrics"),
    ("metrics listener off", edit("deploy/container/config/hai-duong.toml",
                                  r'^\[metrics\]\n(#[^\n]*\n)*listen = "[^"]*"\n', ""),
     "config.metrics"),
    ("peer at a port nobody listens on", edit("deploy/container/config/hai-duong.toml",
                                              r'"tcp://bac-giang:7301"', '"tcp://bac-giang:7302"'),
     "config.peers"),
    ("peer on loopback, not a service", edit("deploy/container/config/bac-giang.toml",
                                             r'"tcp://quang-ninh:7301"', '"tcp://127.0.0.1:7303"'),
     "config.peers"),
    ("node's province code changed", edit("deploy/container/config/quang-ninh.toml",
                                          r'^province_code = "22"', 'province_code = "23"'),
     "config.node"),
    ("node id not the service's", edit("deploy/container/config/bac-giang.toml",
                                       r'^id = "bac-giang"', 'id = "bacgiang"'), "config.node"),
    ("limits drifted from deploy/NODE.toml", edit("deploy/container/config/bac-giang.toml",
                                                  r"^max_in_flight = 1024", "max_in_flight = 10"),
     "config.same"),
    ("key file outside the keys volume", edit("deploy/container/config/bac-giang.toml",
                                              r'^key_file = "[^"]*"',
                                              'key_file = "/etc/alertbus/keys/bac-giang.key"'),
     "config.keys"),
    ("plain mode", edit("deploy/container/config/quang-ninh.toml", r'^mode = "curve"',
                        'mode = "plain"'), "config.keys"),
    ("data outside the data volume", edit("deploy/container/config/hai-duong.toml",
                                          r'^data_dir = "/var/lib/alertbus/hai-duong"',
                                          'data_dir = "/tmp/hai-duong"'), "config.data"),
    ("dashboard reaches another broker", edit("deploy/container/config/dashboard-bac-giang.toml",
                                              r'"tcp://bac-giang:7301"', '"tcp://hai-duong:7301"'),
     "dashboard.broker"),
    ("dashboard listens on loopback only", edit("deploy/container/config/dashboard-hai-duong.toml",
                                                r'^listen = "0\.0\.0\.0:8401"',
                                                'listen = "127.0.0.1:8401"'), "dashboard.listen"),
    ("dashboard unit key elsewhere", edit("deploy/container/config/dashboard-quang-ninh.toml",
                                          r"/security/keys/quang-ninh_qlcl\.key",
                                          "/keys/quang-ninh_qlcl.key"), "dashboard.units"),
]


def copy_of(base):
    copy = pathlib.Path(base) / "repository"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(root / "deploy", copy / "deploy",
                    ignore=shutil.ignore_patterns("areas", "samples", "systemd"))
    shutil.copy2(root / ".dockerignore", copy / ".dockerignore")
    return copy


def run_checker(copy):
    """The checker in this process (a process each costs seconds on a loaded machine)."""
    try:
        lines = check.run(copy).lines()
    except Exception as error:  # noqa: BLE001 - a crash is a failure of its own
        return 2, f"Traceback: {error!r}"
    return (1 if lines else 0), "\n".join(lines)


def run_command(copy):
    done = subprocess.run([sys.executable, str(checker), str(copy)], capture_output=True,
                          text=True, timeout=60)
    return done.returncode, done.stdout + done.stderr


def main():
    failures = []
    with tempfile.TemporaryDirectory(prefix="alertbus-container-") as base:
        code, output = run_checker(copy_of(base))
        if code != 0:
            failures.append(f"the untouched copy was rejected:\n{output}")
        # The command itself: exit 1 and the finding's file and rule on a broken copy.
        FAULTS[0][1](copy_of(pathlib.Path(base) / "command"))
        code, output = run_command(pathlib.Path(base) / "command" / "repository")
        if code != 1 or f"deploy/container/Dockerfile: [{FAULTS[0][2]}]" not in output:
            failures.append(f"check.py on a broken copy: exit {code}:\n{output}")
    for name, fault, rule in FAULTS:
        with tempfile.TemporaryDirectory(prefix="alertbus-container-") as base:
            copy = copy_of(base)
            try:
                fault(copy)
            except AssertionError as error:
                failures.append(f"{name}: {error}")
                continue
            code, output = run_checker(copy)
            if code == 2:
                failures.append(f"{name}: the checker crashed: {output}")
            elif code == 0:
                failures.append(f"{name}: ACCEPTED (the checker passed a broken copy)")
            elif f"[{rule}]" not in output:
                failures.append(f"{name}: rejected, but not by rule {rule}:\n{output}")
    for failure in failures:
        print("SAI (wrong):", failure)
    print(f"{len(FAULTS) + 1 - len(failures)}/{len(FAULTS) + 1} bản sao được xét đúng"
          " (copies judged right)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
