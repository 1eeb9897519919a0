#!/usr/bin/python3
"""The container files checked statically (no container engine runs in CI):
deploy/container/Dockerfile, deploy/container/compose.yaml and the configurations in
deploy/container/config, against each other and against the repository (docs/OPERATIONS.md,
"Containers"). Prints one line per finding: FILE: [RULE] what is wrong; exit 1 if any.

Usage: check.py [repository root]   (Debian's /usr/bin/python3, python3-yaml)
"""
import pathlib
import sys

import compose_rules
import config_rules
import dockerfile_rules
from findings import Findings


def run(root):
    root = pathlib.Path(root).resolve()
    here = root / "deploy/container"
    findings = Findings(root)
    image = dockerfile_rules.check(root, here / "Dockerfile", findings)
    services = compose_rules.check(here / "compose.yaml", image, findings)
    if services is not None:
        config_rules.check(root, here, services, image, findings)
    return findings


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2]
    findings = run(root)
    for line in findings.lines():
        print(line)
    if findings:
        print(f"== {len(findings)} lỗi trong các tệp container (findings in the container files)")
        return 1
    print("== Các tệp container đúng luật (the container files pass every rule)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
