"""Static rules for deploy/container/compose.yaml: it parses; it has the keys service, the
three brokers and their three dashboards; what it builds and mounts exists; every service is
hardened (cap_drop ALL, no-new-privileges, read-only root, a memory limit); ports are
published on the host's loopback only; the start order (depends_on), restart policies, the
network and the health checks."""
import re

import yaml

NODES = ("bac-giang", "hai-duong", "quang-ninh")
DASHBOARD_PORTS = {"bac-giang": 8401, "hai-duong": 8402, "quang-ninh": 8403}
SERVICES = ("keys",) + NODES + tuple(f"dashboard-{node}" for node in NODES)
LOOPBACK_PORT = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)")
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "[::1]")


def load(path, findings):
    try:
        document = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        findings.add(path, "compose.parse", f"không đọc được YAML: {error}",
                     f"cannot read the YAML: {error}")
        return None
    if not isinstance(document, dict) or not isinstance(document.get("services"), dict):
        findings.add(path, "compose.parse", "không có mục services", "no services")
        return None
    return document


def mounts(service):
    """[(source, target, read_only)] of a service's volumes, short or long syntax."""
    found = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            parts = volume.split(":")
            source, target = (parts[0], parts[1]) if len(parts) > 1 else ("", parts[0])
            found.append((source, target, len(parts) > 2 and "ro" in parts[2].split(",")))
        elif isinstance(volume, dict):
            found.append((volume.get("source", ""), volume.get("target", ""),
                          bool(volume.get("read_only"))))
    return found


def is_bind(source):
    return source.startswith((".", "/", "~"))


def published(service):
    """[(host_ip, host_port, container_port)] of a service's ports."""
    found = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            found.append((str(port.get("host_ip", "")), str(port.get("published", "")),
                          str(port.get("target", ""))))
            continue
        text = str(port).split("/")[0]
        match = re.match(r"^(?:(\[[^\]]+\]|[^:]+):)?(?:([^:]*):)?([^:]+)$", text)
        if match and match.group(2) is None:
            host_ip, host_port = "", match.group(1) or ""
            if host_port and "." in host_port:
                host_ip, host_port = host_port, ""
        else:
            host_ip, host_port = (match.group(1) or "", match.group(2) or "") if match else ("", "")
        found.append((host_ip, host_port, match.group(3) if match else text))
    return found


def healthcheck_port(service, image_port):
    check = service.get("healthcheck")
    if check is None:
        return image_port
    if check.get("disable"):
        return None
    test = check.get("test", "")
    found = LOOPBACK_PORT.search(" ".join(test) if isinstance(test, list) else str(test))
    return int(found.group(1)) if found else None


def command_of(service):
    command = service.get("command") or []
    return command.split() if isinstance(command, str) else [str(word) for word in command]


def check_hardening(name, service, path, findings):
    if "ALL" not in [str(c).upper() for c in service.get("cap_drop") or []]:
        findings.add(path, "compose.hardening", f"dịch vụ {name}: thiếu cap_drop: [ALL]",
                     f"service {name}: no cap_drop: [ALL]")
    options = [str(o).replace(" ", "") for o in service.get("security_opt") or []]
    if "no-new-privileges:true" not in options and "no-new-privileges" not in options:
        findings.add(path, "compose.hardening",
                     f"dịch vụ {name}: thiếu security_opt no-new-privileges:true",
                     f"service {name}: no security_opt no-new-privileges:true")
    if service.get("read_only") is not True:
        findings.add(path, "compose.hardening", f"dịch vụ {name}: hệ thống tệp gốc không read_only",
                     f"service {name}: the root filesystem is not read_only")
    limits = ((service.get("deploy") or {}).get("resources") or {}).get("limits") or {}
    if not service.get("mem_limit") and not limits.get("memory"):
        findings.add(path, "compose.hardening", f"dịch vụ {name}: không giới hạn bộ nhớ",
                     f"service {name}: no memory limit (mem_limit)")
    if service.get("privileged") or service.get("cap_add"):
        findings.add(path, "compose.hardening", f"dịch vụ {name}: privileged hoặc cap_add",
                     f"service {name}: privileged or cap_add")


def check_ports(name, service, path, findings):
    for host_ip, host_port, container_port in published(service):
        if host_ip not in LOOPBACK_HOSTS:
            findings.add(path, "compose.ports",
                         f"dịch vụ {name}: cổng {container_port} mở ra mọi địa chỉ của máy"
                         f" ({host_ip or 'không ghi địa chỉ'}), chỉ được 127.0.0.1",
                         f"service {name}: port {container_port} published on every address"
                         f" ({host_ip or 'no address given'}), only 127.0.0.1 is allowed")
    if name.startswith("dashboard-"):
        node = name[len("dashboard-"):]
        wanted = str(DASHBOARD_PORTS.get(node))
        if wanted not in [host_port for _, host_port, _ in published(service)]:
            findings.add(path, "compose.ports",
                         f"dịch vụ {name}: không mở cổng {wanted} trên 127.0.0.1",
                         f"service {name}: does not publish port {wanted} on 127.0.0.1")
    elif published(service):
        findings.add(path, "compose.ports", f"dịch vụ {name}: chỉ bảng điều khiển được mở cổng",
                     f"service {name}: only the dashboards publish ports")


def check_order(name, service, path, findings):
    depends = service.get("depends_on") or {}
    if isinstance(depends, list):
        depends = {d: {"condition": "service_started"} for d in depends}
    wanted = {}
    if name in NODES:
        wanted = {"keys": "service_completed_successfully"}
    elif name.startswith("dashboard-"):
        wanted = {name[len("dashboard-"):]: "service_healthy"}
    for other, condition in wanted.items():
        got = (depends.get(other) or {}).get("condition")
        if got != condition:
            findings.add(path, "compose.depends_on",
                         f"dịch vụ {name}: depends_on {other} phải có condition: {condition}"
                         f" (đang là {got})",
                         f"service {name}: depends_on {other} needs condition: {condition}"
                         f" (is {got})")
    restart = str(service.get("restart", "no"))
    if name != "keys" and restart not in ("always", "unless-stopped", "on-failure"):
        findings.add(path, "compose.restart",
                     f"dịch vụ {name}: restart '{restart}' không tự chạy lại",
                     f"service {name}: restart '{restart}' does not restart it")


def check_files(name, service, document, path, findings):
    here = path.parent
    build = service.get("build")
    if build is not None:
        context = here / (build if isinstance(build, str) else build.get("context", "."))
        dockerfile = context / ("Dockerfile" if isinstance(build, str)
                                else build.get("dockerfile", "Dockerfile"))
        if not context.is_dir() or not dockerfile.is_file():
            findings.add(path, "compose.files",
                         f"dịch vụ {name}: build context {context} hoặc {dockerfile} không có",
                         f"service {name}: build context {context} or {dockerfile} is missing")
    declared = document.get("volumes") or {}
    for source, target, _ in mounts(service):
        if is_bind(source):
            if not (here / source).exists():
                findings.add(path, "compose.files",
                             f"dịch vụ {name}: tệp gắn vào {source} không có trong kho",
                             f"service {name}: the mounted {source} is not in the repository")
        elif source and source not in declared:
            findings.add(path, "compose.files", f"dịch vụ {name}: volume {source} không khai báo",
                         f"service {name}: volume {source} is not declared")


def check_keys_volume(name, service, path, findings):
    """Only the keys service writes the keys; every other service reads them."""
    modes = [read_only for source, _, read_only in mounts(service) if source == "keys"]
    if name == "keys" and modes != [False]:
        findings.add(path, "compose.keys", "dịch vụ keys phải gắn volume keys để ghi",
                     "the keys service must mount the keys volume writable")
    elif name != "keys" and modes != [True]:
        findings.add(path, "compose.keys", f"dịch vụ {name}: phải gắn volume keys chỉ đọc (:ro)",
                     f"service {name}: must mount the keys volume read-only (:ro)")


def check_programs(name, service, image, path, findings):
    """What a service runs (its command, its health check) is in the image."""
    programs = command_of(service)[:1]
    test = (service.get("healthcheck") or {}).get("test")
    if isinstance(test, list) and len(test) > 1 and test[0] == "CMD":
        programs.append(str(test[1]))
    for program in programs:
        if program not in image["installed"]:
            findings.add(path, "compose.files",
                         f"dịch vụ {name}: chạy {program}, nhưng ảnh không có tệp đó",
                         f"service {name}: runs {program}, which the image does not have")


def check_network(name, service, document, path, findings):
    networks = document.get("networks") or {}
    if len(networks) != 1:
        findings.add(path, "compose.network", "cần đúng một mạng (networks)",
                     "needs exactly one network (networks)")
    joined = service.get("networks") or []
    if name != "keys" and not set(joined) & set(networks):
        findings.add(path, "compose.network", f"dịch vụ {name}: không ở mạng của liên bang",
                     f"service {name}: not on the federation's network")


def check(path, image, findings):
    """Checks compose.yaml; returns its services (None when unreadable)."""
    document = load(path, findings)
    if document is None:
        return None
    services = document["services"]
    missing = [name for name in SERVICES if name not in services]
    if missing or len(services) != len(SERVICES):
        findings.add(path, "compose.services",
                     f"cần đúng các dịch vụ {', '.join(SERVICES)}; thiếu: {', '.join(missing)}",
                     f"needs exactly the services {', '.join(SERVICES)}; missing:"
                     f" {', '.join(missing)}")
    image_port = image["healthcheck_port"] if image else None
    for name, service in services.items():
        if not isinstance(service, dict):
            continue
        check_hardening(name, service, path, findings)
        check_ports(name, service, path, findings)
        check_order(name, service, path, findings)
        check_files(name, service, document, path, findings)
        check_network(name, service, document, path, findings)
        check_keys_volume(name, service, path, findings)
        if image:
            check_programs(name, service, image, path, findings)
        if name != "keys" and healthcheck_port(service, image_port) is None:
            findings.add(path, "compose.healthcheck",
                         f"dịch vụ {name}: không có kiểm tra sức khỏe tới cổng 127.0.0.1",
                         f"service {name}: no health check against a 127.0.0.1 port")
    return services
