#!/usr/bin/python3
"""A TCP proxy that delays every byte by a fixed time, in both directions.

The kernel of the test machines has no netem, so tests that need latency between two brokers
put this between them: delay_proxy.py LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS.
It listens on 127.0.0.1 of the network namespace it runs in. Order is kept: data read at t
is written at t + delay, chunk by chunk.
"""
import asyncio
import sys


async def pipe(reader, writer, delay):
    queue = asyncio.Queue()

    async def delayed_writer():
        loop = asyncio.get_running_loop()
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    task = asyncio.create_task(delayed_writer())
    loop = asyncio.get_running_loop()
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            queue.put_nowait((loop.time() + delay, data))
    except ConnectionError:
        pass
    queue.put_nowait((0, None))
    try:
        await task
    except ConnectionError:
        pass


async def main():
    listen_port, host, port, delay_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    delay = float(delay_ms) / 1000

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer, delay),
                             pipe(server_reader, client_writer, delay))

    server = await asyncio.start_server(handle, "127.0.0.1", int(listen_port))
    async with server:
        await server.serve_forever()


asyncio.run(main())
