#!/usr/bin/python3
"""A client in another language, written from docs/PROTOCOL.md and the .proto files alone:
pyzmq + Python protobuf against a real alertbusd. Publishes, subscribes, queries, and sends
garbage, checking every reply.

Usage: python_client_test.py <alertbusd> <directory with generated alertbus/v1/*_pb2.py>
Runs under Debian's /usr/bin/python3 (python3-zmq, python3-protobuf).
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid

alertbusd, generated = sys.argv[1], sys.argv[2]
sys.path.insert(0, generated)

import zmq  # noqa: E402
from alertbus.v1 import common_pb2, event_pb2, frame_pb2, errors_pb2  # noqa: E402


def uuid7():
    ms = int(time.time() * 1000)
    raw = bytearray(ms.to_bytes(6, "big") + os.urandom(10))
    raw[6] = 0x70 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    return str(uuid.UUID(bytes=bytes(raw)))


def forest_fire():
    event = event_pb2.Event()
    event.event_id = uuid7()
    event.sender_unit = "quang-ninh/kiem-lam"
    event.sent_at.GetCurrentTime()
    event.status = common_pb2.ACTUAL
    event.kind = common_pb2.FOREST_FIRE
    event.type = common_pb2.ALERT
    event.urgency = common_pb2.IMMEDIATE
    event.severity = common_pb2.SEVERE
    event.certainty = common_pb2.LIKELY
    event.title = "Điểm cháy gần Đông Triều"
    area = event.areas.add()
    area.code, area.scheme, area.name = "22", "VN-2004", "Quảng Ninh"
    fire = event.forest_fire
    fire.subtype = fire.HOTSPOT
    fire.hotspot.satellite = "VIIRS S-NPP"
    fire.hotspot.detected_at.GetCurrentTime()
    fire.hotspot.location.latitude = 21.08
    fire.hotspot.location.longitude = 106.51
    fire.hotspot.confidence_percent = 80
    return event


class Client:
    def __init__(self, context, endpoint):
        self.socket = context.socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(endpoint)
        self.next_id = 0

    def send(self, frame):
        self.socket.send(frame.SerializeToString())

    def request(self, **body):
        self.next_id += 1
        frame = frame_pb2.Frame(request_id=self.next_id, **body)
        self.send(frame)
        return self.receive(lambda f: f.request_id == self.next_id)

    def receive(self, wanted=lambda f: True, timeout_ms=10000):
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            if self.socket.poll(int((deadline - time.monotonic()) * 1000) + 1):
                frame = frame_pb2.Frame()
                frame.ParseFromString(self.socket.recv())
                if wanted(frame):
                    return frame
        raise AssertionError("no reply")


checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


with tempfile.TemporaryDirectory(prefix="alertbus-py-") as directory:
    endpoint = "ipc://" + os.path.join(directory, "broker.sock")
    endpoint_file = os.path.join(directory, "endpoint")
    log = open(os.path.join(directory, "alertbusd.log"), "w")
    broker = subprocess.Popen([alertbusd, "--node-id", "quang-ninh", "--reference-prefix", "QN",
                               "--listen", endpoint, "--data-dir", os.path.join(directory, "data"),
                               "--endpoint-file", endpoint_file], stderr=log)
    try:
        for _ in range(200):
            if os.path.exists(endpoint_file):
                break
            time.sleep(0.05)
        context = zmq.Context()
        client = Client(context, endpoint)

        event = forest_fire()
        event_bytes = event.SerializeToString()
        reply = client.request(publish=frame_pb2.Publish(event=event_bytes))
        check(reply.WhichOneof("body") == "publish_ack", "publish is acknowledged")
        check(reply.publish_ack.event_id == event.event_id, "ack names the event")
        check(reply.publish_ack.reference.startswith("QN-"), "reference has the node's prefix")
        again = client.request(publish=frame_pb2.Publish(event=event_bytes))
        check(again.publish_ack.duplicate and again.publish_ack.seq == reply.publish_ack.seq,
              "a resend is answered with the original ack, flagged duplicate")

        watcher = Client(context, endpoint)
        subscribed = watcher.request(subscribe=frame_pb2.Subscribe(from_beginning=True, credit=10))
        check(subscribed.WhichOneof("body") == "subscribed", "subscribe is answered")
        delivery = watcher.receive(lambda f: f.WhichOneof("body") == "delivery")
        stored = delivery.delivery.events[0]
        check(stored.event == event_bytes, "the delivered bytes are the published bytes")
        received = event_pb2.Event()
        received.ParseFromString(stored.event)
        check(received.title == "Điểm cháy gần Đông Triều", "Vietnamese text survives")
        watcher.send(frame_pb2.Frame(delivery_ack=frame_pb2.DeliveryAck(
            subscription_id=subscribed.subscribed.subscription_id, up_to_seq=stored.seq, credit=1)))

        found = client.request(query=frame_pb2.Query(reference=reply.publish_ack.reference))
        check(found.query_result.events[0].event_id == event.event_id, "query by reference")

        client.socket.send(b"\x00garbage")
        error = client.receive()
        check(error.WhichOneof("body") == "error" and error.error.code == errors_pb2.MALFORMED_FRAME,
              "garbage gets MALFORMED_FRAME")
        event.ClearField("title")
        event.event_id = uuid7()
        refused = client.request(publish=frame_pb2.Publish(event=event.SerializeToString()))
        check(refused.error.code == errors_pb2.MISSING_FIELD and refused.error.field == "title",
              "a missing title is named")
        check(refused.error.message_vi != "", "the refusal has a Vietnamese message")

        pong = client.request(ping=frame_pb2.Ping(last_seq=1))
        check(pong.pong.head_seq == 1, "pong carries the head seq")
        status = client.request(status_request=frame_pb2.StatusRequest())
        check(status.status_reply.node_id == "quang-ninh", "status names the node")
    finally:
        broker.send_signal(signal.SIGTERM)
        code = broker.wait(timeout=20)
    check(code == 0, "the broker stops cleanly on SIGTERM")

print(f"{checks} passed, 0 failed")
