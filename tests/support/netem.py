"""A network namespace for the phones, joined to this machine by a slow, lossy
wire (tests.support.wire): everything stays on this machine, in a private
10.241.x.y/30 of our own, and is removed afterwards."""

import contextlib
import os
import random
import subprocess
import sys
from dataclasses import dataclass

from tests.support.own_services import need, need_root
from tests.support.servers import ROOT


@dataclass
class LossyNetwork:
    namespace: str
    server_address: str  # this side: the server listens here
    phone_address: str  # the namespace's side
    wire: subprocess.Popen
    counted: str = ""  # what the wire carried and dropped, once it stopped

    def run(self, *command: str, **popen) -> subprocess.Popen:
        """Start a command inside the phones' namespace."""
        return subprocess.Popen(
            ["ip", "netns", "exec", self.namespace, *command], cwd=ROOT, **popen
        )


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


@contextlib.contextmanager
def lossy_network(delay_ms: int, loss: float):
    """Yield a namespace whose packets to and from here take `delay_ms` each way
    and are lost with probability `loss` each way."""
    need_root("network namespaces")
    need("iproute2's ip (apt-get install iproute2)", _has_ip())
    need("/dev/net/tun (TUN devices)", os.path.exists("/dev/net/tun"))
    tag = f"{os.getpid() % 10000:04d}"
    namespace, near, far = f"kt-lossy-{tag}", f"kt{tag}s", f"kt{tag}p"
    subnet = random.randrange(1, 16000)  # a free /30 of our own
    base = f"10.241.{subnet // 64}.{(subnet % 64) * 4}"
    prefix = base.rsplit(".", 1)[0]
    last = int(base.rsplit(".", 1)[1])
    server, phone = f"{prefix}.{last + 1}", f"{prefix}.{last + 2}"
    wire = network = None
    try:
        _ip("netns", "add", namespace)
        _ip("tuntap", "add", "dev", near, "mode", "tun")
        _ip("tuntap", "add", "dev", far, "mode", "tun")
        _ip("link", "set", far, "netns", namespace)
        _ip("addr", "add", f"{server}/30", "dev", near)
        _ip("link", "set", near, "up")
        _ip("netns", "exec", namespace, "ip", "addr", "add", f"{phone}/30", "dev", far)
        _ip("netns", "exec", namespace, "ip", "link", "set", far, "up")
        _ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up")
        wire = subprocess.Popen(
            [sys.executable, "-m", "tests.support.wire", near, namespace, far,
             str(delay_ms), str(loss)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        assert wire.stdout.readline().strip() == "ready"
        network = LossyNetwork(namespace, server, phone, wire)
        yield network
    finally:
        if wire is not None:
            wire.terminate()
            counted, _ = wire.communicate(timeout=10)
            if network is not None:
                network.counted = counted.strip()
        subprocess.run(["ip", "link", "del", near], capture_output=True, check=False)
        subprocess.run(
            ["ip", "netns", "del", namespace], capture_output=True, check=False
        )


def _has_ip() -> bool:
    return subprocess.run(["which", "ip"], capture_output=True).returncode == 0
