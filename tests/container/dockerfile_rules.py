"""Static rules for deploy/container/Dockerfile: two stages on pinned Debian 12 images, no
`latest`, COPY sources that exist in the build context (and are not left out by
.dockerignore), the build stage's configuration and packages, and the final stage's user,
volume, ports, stop signal and health check."""
import fnmatch
import json
import re
import shlex
from dataclasses import dataclass, field

# A dated Debian 12 tag (debian:bookworm-20241202, -slim), a point release (debian:12.8) or a
# digest: the same image on every build. "bookworm", "bookworm-slim", "12", "stable" move.
PINNED = re.compile(r"^debian:(bookworm-\d{8}(-slim)?|12\.\d+(-slim)?)(@sha256:[0-9a-f]{64})?$"
                    r"|^debian(:[\w.-]+)?@sha256:[0-9a-f]{64}$")
LOOPBACK_PORT = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)")


@dataclass
class Instruction:
    keyword: str
    arguments: str
    line: int


@dataclass
class Stage:
    image: str
    name: str
    line: int
    instructions: list = field(default_factory=list)

    def all(self, keyword):
        return [i for i in self.instructions if i.keyword == keyword]


def parse(text):
    """The stages of a Dockerfile; continuation lines joined, comments dropped."""
    stages, pending, start = [], "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = (pending + stripped).strip()
        pending = ""
        keyword, _, arguments = whole.partition(" ")
        instruction = Instruction(keyword.upper(), arguments.strip(), start)
        if instruction.keyword == "FROM":
            words = instruction.arguments.split()
            words = [w for w in words if not w.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else ""
            stages.append(Stage(words[0] if words else "", name, start))
        elif stages:
            stages[-1].instructions.append(instruction)
    return stages


def words_of(arguments):
    """An instruction's arguments: exec form (JSON) or shell words."""
    if arguments.startswith("["):
        try:
            return json.loads(arguments)
        except json.JSONDecodeError:
            return None
    return shlex.split(arguments)


def ignored(relative, patterns):
    parts = relative.strip("/").split("/")
    for pattern in patterns:
        pattern = pattern.strip("/")
        for depth in range(1, len(parts) + 1):
            if fnmatch.fnmatch("/".join(parts[:depth]), pattern):
                return True
    return False


def dockerignore(root):
    path = root / ".dockerignore"
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text().splitlines()
            if line.strip() and not line.startswith("#") and not line.startswith("!")]


def check_copy(stage, root, path, findings):
    patterns = dockerignore(root)
    for copy in stage.all("COPY") + stage.all("ADD"):
        words = [w for w in (words_of(copy.arguments) or []) if not w.startswith("--")]
        if "--from=" in copy.arguments:
            continue
        if len(words) < 2:
            findings.add(path, "dockerfile.copy", f"dòng {copy.line}: COPY thiếu nguồn hoặc đích",
                         f"line {copy.line}: COPY without source or destination")
            continue
        for source in words[:-1]:
            target = root / source
            if source != "." and not list(root.glob(source)):
                findings.add(path, "dockerfile.copy",
                             f"dòng {copy.line}: nguồn COPY {source} không có trong kho",
                             f"line {copy.line}: COPY source {source} is not in the repository")
            elif source != "." and ignored(source, patterns):
                findings.add(path, "dockerfile.copy",
                             f"dòng {copy.line}: {source} bị .dockerignore loại ra",
                             f"line {copy.line}: {source} is left out by .dockerignore")
            elif target.suffix == ".sh" and not target.stat().st_mode & 0o111:
                findings.add(path, "dockerfile.copy",
                             f"dòng {copy.line}: {source} không có quyền chạy",
                             f"line {copy.line}: {source} is not executable")


def check_build_stage(stage, path, findings):
    commands = " ".join(i.arguments for i in stage.all("RUN"))
    for needed in ("-DALERTBUS_TESTS=OFF", "-DALERTBUS_BENCH=OFF", "-DCMAKE_INSTALL_PREFIX=/usr",
                   "cpack", "install-deps.sh --build"):
        if needed not in commands:
            findings.add(path, "dockerfile.build",
                         f"giai đoạn {stage.name or stage.image} không chạy '{needed}'",
                         f"stage {stage.name or stage.image} does not run '{needed}'")


def check_final_stage(stage, path, findings):
    runs = " ".join(i.arguments for i in stage.all("RUN"))
    if not re.search(r"apt-get install[^&]*\.deb", runs):
        findings.add(path, "dockerfile.packages",
                     "giai đoạn cuối không cài các gói .deb bằng apt-get",
                     "the final stage does not install the .deb packages with apt-get")
    users = stage.all("USER")
    user = users[-1].arguments.split(":")[0] if users else "root"
    if user in ("root", "0"):
        findings.add(path, "dockerfile.user",
                     "giai đoạn cuối chạy bằng root (thiếu USER khác root)",
                     "the final stage runs as root (no USER other than root)")
    volumes = " ".join(i.arguments for i in stage.all("VOLUME"))
    if "/var/lib/alertbus" not in volumes:
        findings.add(path, "dockerfile.volume", "thiếu VOLUME /var/lib/alertbus",
                     "no VOLUME /var/lib/alertbus")
    signals = [i.arguments for i in stage.all("STOPSIGNAL")]
    if signals[-1:] != ["SIGTERM"]:
        findings.add(path, "dockerfile.stopsignal", "thiếu STOPSIGNAL SIGTERM",
                     "no STOPSIGNAL SIGTERM")


def healthcheck(stage, path, findings):
    """The final stage's HEALTHCHECK port (None when there is none, reported)."""
    checks = stage.all("HEALTHCHECK")
    text = checks[-1].arguments if checks else "NONE"
    command = text.split("CMD", 1)[1].strip() if "CMD" in text.split() else ""
    found = LOOPBACK_PORT.search(command)
    if not command or not found:
        findings.add(path, "dockerfile.healthcheck",
                     "giai đoạn cuối thiếu HEALTHCHECK CMD tới một cổng trên 127.0.0.1",
                     "the final stage has no HEALTHCHECK CMD against a 127.0.0.1 port")
        return None
    return int(found.group(1))


# What the packages install that compose.yaml runs (cmake/AlertbusInstall.cmake).
PACKAGED = {"/usr/bin/alertbusd", "/usr/bin/alertctl", "/usr/bin/alertbus-dashboard"}


def installed(stage):
    """The programs in the final image: the packages' and the files the stage COPYs in."""
    paths = set(PACKAGED)
    for copy in stage.all("COPY"):
        words = [w for w in (words_of(copy.arguments) or []) if not w.startswith("--")]
        if len(words) < 2:
            continue
        destination = words[-1]
        if destination.endswith("/"):
            paths.update(destination + source.rsplit("/", 1)[-1] for source in words[:-1])
        else:
            paths.add(destination)
    return paths


def exposed(stage):
    ports = set()
    for expose in stage.all("EXPOSE"):
        ports.update(int(p.split("/")[0]) for p in expose.arguments.split() if p[0].isdigit())
    return ports


def check(root, path, findings):
    """Checks the Dockerfile at path (build context: root). Returns what compose and the
    configurations are checked against: {'healthcheck_port', 'exposed', 'installed'}; None if
    unreadable."""
    if not path.exists():
        findings.add(path, "dockerfile.exists", "không có Dockerfile", "no Dockerfile")
        return None
    stages = parse(path.read_text())
    if len(stages) < 2:
        findings.add(path, "dockerfile.stages", "cần ít nhất hai giai đoạn (build, runtime)",
                     "needs at least two stages (build, runtime)")
        return None
    names = [s.name for s in stages]
    for stage in stages:
        if not stage.name:
            findings.add(path, "dockerfile.stages", f"dòng {stage.line}: FROM không đặt tên (AS)",
                         f"line {stage.line}: FROM without a stage name (AS)")
        if stage.image in names:
            continue
        if "latest" in stage.image or not PINNED.match(stage.image):
            findings.add(path, "dockerfile.pinned",
                         f"dòng {stage.line}: ảnh gốc {stage.image} không cố định (cần Debian 12"
                         " có ngày, vd debian:bookworm-20241202, hoặc digest; không 'latest')",
                         f"line {stage.line}: base image {stage.image} is not pinned (a dated"
                         " Debian 12 tag such as debian:bookworm-20241202, or a digest; no"
                         " 'latest')")
    final = stages[-1]
    if not final.image.endswith("-slim") and "-slim@" not in final.image:
        findings.add(path, "dockerfile.pinned",
                     f"giai đoạn cuối không dựa trên ảnh slim: {final.image}",
                     f"the final stage is not based on a slim image: {final.image}")
    copied_from = {w.split("=", 1)[1] for i in final.all("COPY") for w in i.arguments.split()
                   if w.startswith("--from=")}
    copied_from |= set(re.findall(r"--mount=\S*\bfrom=([\w-]+)",
                                  " ".join(i.arguments for i in final.all("RUN"))))
    builders = [s for s in stages[:-1] if s.name in copied_from]
    if not builders:
        findings.add(path, "dockerfile.stages",
                     "giai đoạn cuối không lấy gì từ giai đoạn build (COPY --from, RUN --mount)",
                     "the final stage takes nothing from a build stage (COPY --from, RUN --mount)")
    for stage in builders:
        check_build_stage(stage, path, findings)
    for stage in stages:
        check_copy(stage, root, path, findings)
    check_final_stage(final, path, findings)
    return {"healthcheck_port": healthcheck(final, path, findings), "exposed": exposed(final),
            "installed": installed(final)}
