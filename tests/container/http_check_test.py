#!/usr/bin/python3
"""deploy/container/http-check.sh, the image's HEALTHCHECK, against a real HTTP server on an
ephemeral loopback port: 200 is healthy; 503, 404, a server that closes without answering
and a port nobody listens on are not.

Usage: http_check_test.py [repository root]   (Debian's /usr/bin/python3, bash)
"""
import http.server
import pathlib
import socket
import subprocess
import sys
import threading

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[2])
script = root / "deploy/container/http-check.sh"


class Handler(http.server.BaseHTTPRequestHandler):
    answers = {"/healthz": 200, "/readyz": 503}

    def do_GET(self):
        if self.path == "/silent":
            self.close_connection = True
            return
        code = self.answers.get(self.path, 404)
        body = b"ok\n" if code == 200 else b"no\n"
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # The check hangs up after the status line: a reset while the body is sent.


def check(address, path):
    done = subprocess.run(["bash", str(script), address, path], capture_output=True, text=True,
                          timeout=30)
    return done.returncode, done.stderr


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"127.0.0.1:{server.server_address[1]}"
    failures = []
    cases = [("/healthz", 0), ("/readyz", 1), ("/missing", 1), ("/silent", 1)]
    for path, expected in cases:
        code, err = check(address, path)
        if code != expected:
            failures.append(f"{address}{path}: exit {code}, expected {expected} ({err.strip()})")
    server.shutdown()
    server.server_close()
    closed = f"127.0.0.1:{free_port()}"
    code, err = check(closed, "/healthz")
    if code != 1 or "cannot connect" not in err:
        failures.append(f"{closed} (nobody listens): exit {code}, expected 1 ({err.strip()})")
    for failure in failures:
        print("SAI (wrong):", failure)
    print(f"{len(cases) + 1 - len(failures)}/{len(cases) + 1} trường hợp đúng (cases right)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
