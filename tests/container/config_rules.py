"""Static rules for the nodes' configurations in deploy/container/config: each broker's
NODE.toml (the file its compose service mounts and names with --config) against the
repository's deploy/NODE.toml and the broker's configuration rules, and each dashboard's
template dashboard-NODE.toml against its service and its node."""
import re
import tomllib

from compose_rules import NODES, command_of, healthcheck_port, mounts, published

NODE_ID = re.compile(r"^[a-z0-9-]+$")
UNITS = ("cnty", "bvtv", "kiem-lam", "qlcl")
# What a container changes of deploy/NODE.toml: addresses and paths. The rest is the same.
SAME_SECTIONS = ("node", "limits", "heartbeat", "log", "federation", "casework", "deadlines")
HOST_PORT = re.compile(r"^(\[[^\]]+\]|[^:]+):(\d{1,5})$")


def read_toml(path, rule, findings):
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        findings.add(path, rule, f"không đọc được TOML: {error}", f"cannot read the TOML: {error}")
        return None


def mount_target(service, source):
    for mounted, target, _ in mounts(service):
        if mounted == source:
            return target
    return None


def data_target(service):
    for source, target, _ in mounts(service):
        if source.endswith("-data"):
            return target
    return None


def bound_file(service, here, container_path):
    """The repository file a bind mount puts at container_path (a file, or in a folder)."""
    for source, target, _ in mounts(service):
        if not source.startswith("."):
            continue
        if container_path == target:
            return here / source
        if container_path.startswith(target.rstrip("/") + "/"):
            return here / source / container_path[len(target.rstrip("/")) + 1:]
    return None


def config_argument(service):
    words = command_of(service)
    for flag in ("--config", "-c"):
        if flag in words and words.index(flag) + 1 < len(words):
            return words[words.index(flag) + 1]
    return None


def tcp_port(listen):
    for endpoint in listen if isinstance(listen, list) else [listen]:
        match = re.match(r"^tcp://(0\.0\.0\.0|\*):(\d+)$", str(endpoint))
        if match:
            return int(match.group(2))
    return None


def under(path, folder):
    return bool(folder) and str(path).startswith(folder.rstrip("/") + "/")


def check_broker(node, services, root, path, findings, image):
    """Checks one node's configuration; returns its broker port."""
    service = services[node]
    config = read_toml(path, "config.parse", findings)
    reference = read_toml(root / "deploy" / f"{node}.toml", "config.parse", findings)
    if config is None or reference is None:
        return None
    if config.get("node", {}).get("id") != node or not NODE_ID.match(node):
        findings.add(path, "config.node", f"node.id phải là {node} (tên dịch vụ)",
                     f"node.id must be {node} (the service's name)")
    for section in SAME_SECTIONS:
        if config.get(section) != reference.get(section):
            findings.add(path, "config.node" if section == "node" else "config.same",
                         f"[{section}] khác deploy/{node}.toml", f"[{section}] differs from"
                         f" deploy/{node}.toml")
    port = tcp_port(config.get("broker", {}).get("listen", []))
    if port is None:
        findings.add(path, "config.listen", "broker.listen thiếu tcp://0.0.0.0:CỔNG",
                     "broker.listen has no tcp://0.0.0.0:PORT")
    data = data_target(service)
    if not under(config.get("broker", {}).get("data_dir", ""), data):
        findings.add(path, "config.data",
                     f"broker.data_dir không nằm trong volume dữ liệu ({data})",
                     f"broker.data_dir is not in the data volume ({data})")
    keys = mount_target(service, "keys")
    security = config.get("security", {})
    if security.get("mode") != "curve":
        findings.add(path, "config.keys", "security.mode phải là curve",
                     "security.mode must be curve")
    for key, wanted in (("registry", "security/registry.toml"),
                        ("key_file", f"security/keys/{node}.key")):
        if not keys or security.get(key) != f"{keys}/{wanted}":
            findings.add(path, "config.keys",
                         f"security.{key} phải là {keys}/{wanted} trong volume keys",
                         f"security.{key} must be {keys}/{wanted} in the keys volume")
    metrics = str(config.get("metrics", {}).get("listen", ""))
    match = HOST_PORT.match(metrics)
    if not match:
        findings.add(path, "config.metrics", "thiếu [metrics] listen = \"MÁY:CỔNG\"",
                     "no [metrics] listen = \"HOST:PORT\"")
    elif healthcheck_port(service, image and image["healthcheck_port"]) != int(match.group(2)):
        findings.add(path, "config.metrics",
                     f"kiểm tra sức khỏe của {node} không hỏi cổng chỉ số {match.group(2)}",
                     f"{node}'s health check does not ask the metrics port {match.group(2)}")
    return port


def check_peers(node, config_path, ports, root, findings):
    config = read_toml(config_path, "config.parse", findings) or {}
    peers = {peer.get("id"): peer for peer in config.get("peers", [])}
    others = [other for other in NODES if other != node]
    if sorted(peers) != sorted(others):
        findings.add(config_path, "config.peers", f"[[peers]] phải là {', '.join(others)}",
                     f"[[peers]] must be {', '.join(others)}")
    for other in others:
        peer = peers.get(other, {})
        wanted = f"tcp://{other}:{ports.get(other)}"
        if peer.get("endpoint") != wanted:
            findings.add(config_path, "config.peers",
                         f"peer {other}: endpoint phải là {wanted} (dịch vụ {other}, cổng nó nghe)",
                         f"peer {other}: endpoint must be {wanted} (service {other}, the port"
                         " it listens on)")
        reference = read_toml(root / "deploy" / f"{other}.toml", "config.parse", findings) or {}
        for key in ("province_code", "name"):
            if peer and peer.get(key) != reference.get("node", {}).get(key):
                findings.add(config_path, "config.peers",
                             f"peer {other}: {key} khác deploy/{other}.toml",
                             f"peer {other}: {key} differs from deploy/{other}.toml")


def check_dashboard(node, services, here, ports, findings):
    name = f"dashboard-{node}"
    service, keys_service = services[name], services["keys"]
    keys = mount_target(service, "keys")
    argument = config_argument(service)
    wanted = f"{keys}/{node}-dashboard.toml"
    path = here / "compose.yaml"
    if argument != wanted:
        findings.add(path, "dashboard.config",
                     f"dịch vụ {name}: --config phải là {wanted} (do dịch vụ keys viết)",
                     f"service {name}: --config must be {wanted} (written by the keys service)")
    template_dir = mount_target(keys_service, "./config")
    template = bound_file(keys_service, here, f"{template_dir}/dashboard-{node}.toml")
    if template is None or not template.exists():
        findings.add(path, "dashboard.config",
                     f"dịch vụ keys không gắn mẫu dashboard-{node}.toml",
                     f"the keys service does not mount the template dashboard-{node}.toml")
        return
    config = read_toml(template, "dashboard.parse", findings)
    if config is None:
        return
    dashboard, broker = config.get("dashboard", {}), config.get("broker", {})
    listen = HOST_PORT.match(str(dashboard.get("listen", "")))
    port = int(listen.group(2)) if listen else None
    if not listen or listen.group(1) != "0.0.0.0":
        findings.add(template, "dashboard.listen", "dashboard.listen phải là 0.0.0.0:CỔNG",
                     "dashboard.listen must be 0.0.0.0:PORT")
    if str(port) not in [target for _, _, target in published(service)]:
        findings.add(template, "dashboard.listen",
                     f"cổng {port} không phải cổng dịch vụ {name} mở ra",
                     f"port {port} is not the one service {name} publishes")
    if healthcheck_port(service, None) != port:
        findings.add(template, "dashboard.listen",
                     f"kiểm tra sức khỏe của {name} không hỏi cổng {port}",
                     f"{name}'s health check does not ask port {port}")
    if broker.get("endpoint") != f"tcp://{node}:{ports.get(node)}":
        findings.add(template, "dashboard.broker",
                     f"broker.endpoint phải là tcp://{node}:{ports.get(node)}",
                     f"broker.endpoint must be tcp://{node}:{ports.get(node)}")
    if broker.get("server_key") != "":
        findings.add(template, "dashboard.broker",
                     "server_key phải để trống trong mẫu (dịch vụ keys điền vào)",
                     "server_key must be empty in the template (the keys service fills it in)")
    if dashboard.get("accounts") != f"{keys}/{node}-accounts.toml" or not under(
            dashboard.get("state_dir", ""), data_target(service)):
        findings.add(template, "dashboard.paths",
                     "accounts phải ở volume keys, state_dir ở volume dữ liệu của dịch vụ",
                     "accounts must be in the keys volume, state_dir in the service's data volume")
    units = [(u.get("id"), u.get("key_file")) for u in config.get("unit", [])]
    wanted_units = [(f"{node}/{u}", f"{keys}/security/keys/{node}_{u}.key") for u in UNITS]
    if units != wanted_units:
        findings.add(template, "dashboard.units",
                     f"[[unit]] phải là bốn đơn vị của {node}, mỗi khóa trong volume keys",
                     f"[[unit]] must be {node}'s four units, each key in the keys volume")


def check(root, here, services, image, findings):
    ports = {}
    configs = {}
    for node in NODES:
        service = services.get(node)
        if not isinstance(service, dict):
            continue
        argument = config_argument(service)
        path = bound_file(service, here, argument) if argument else None
        if path is None or not path.exists():
            findings.add(here / "compose.yaml", "config.parse",
                         f"dịch vụ {node}: --config {argument} không là tệp gắn từ kho",
                         f"service {node}: --config {argument} is not a file mounted from"
                         " the repository")
            continue
        configs[node] = path
        ports[node] = check_broker(node, services, root, path, findings, image)
        if image and ports[node] and ports[node] not in image["exposed"]:
            findings.add(root / "deploy/container/Dockerfile", "dockerfile.expose",
                         f"EXPOSE thiếu cổng {ports[node]} của {node}",
                         f"EXPOSE lacks {node}'s port {ports[node]}")
    for node, path in configs.items():
        check_peers(node, path, ports, root, findings)
    for node in NODES:
        if f"dashboard-{node}" in services and "keys" in services:
            check_dashboard(node, services, here, ports, findings)
