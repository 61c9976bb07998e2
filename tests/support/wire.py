"""A slow, lossy wire between two network namespaces, in user space.

`tc qdisc … netem delay 300ms loss 5%` needs the kernel's sch_netem, which not
every machine has (this project's dev machine and CI kernels lack it). This does
the same with two TUN devices: every IP packet read from one end is dropped with
the given probability, or else written to the other end after the delay, in
both directions. TCP then sees what it would see on a bad mobile network:
retransmissions, slow handshakes, late acknowledgements.

Run as root:  python -m tests.support.wire NEAR FAR_NETNS FAR_DEVICE DELAY_MS LOSS
It opens the device NEAR in its own namespace and FAR_DEVICE inside the named
namespace, prints "ready" and shuttles packets until stopped (SIGTERM).
"""

import asyncio
import contextlib
import ctypes
import fcntl
import os
import random
import signal
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000


def open_tun(name: str) -> int:
    """Attach to the existing TUN device `name` in this thread's namespace."""
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def enter_namespace(name: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    with open(f"/var/run/netns/{name}") as handle:
        if libc.setns(handle.fileno(), CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {name}")


class Wire:
    def __init__(self, delay: float, loss: float, seed: int = 24):
        self.delay = delay
        self.loss = loss
        self.random = random.Random(seed)
        self.sent = self.dropped = 0

    def join(self, loop, a: int, b: int) -> None:
        loop.add_reader(a, self._carry, loop, a, b)
        loop.add_reader(b, self._carry, loop, b, a)

    def _carry(self, loop, source: int, target: int) -> None:
        while True:
            try:
                packet = os.read(source, 65535)
            except BlockingIOError:
                return
            if self.random.random() < self.loss:
                self.dropped += 1
                continue
            self.sent += 1
            loop.call_later(self.delay, _write, target, packet)


def _write(fd: int, packet: bytes) -> None:
    with contextlib.suppress(OSError):  # device gone or full: lost, as on a wire
        os.write(fd, packet)


def main() -> None:
    near, namespace, far, delay_ms, loss = sys.argv[1:6]
    a = open_tun(near)
    enter_namespace(namespace)
    b = open_tun(far)
    wire = Wire(int(delay_ms) / 1000, float(loss))
    loop = asyncio.new_event_loop()
    wire.join(loop, a, b)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    print("ready", flush=True)
    loop.run_forever()
    print(f"sent {wire.sent} dropped {wire.dropped}", flush=True)


if __name__ == "__main__":
    main()
