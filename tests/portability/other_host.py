"""Run a command as if on another machine: every fact a client could send about its host differs.

A cassette must replay on any machine, so the tests here replay (and record) under an
identity that shares nothing with the machine that recorded the shipped cassettes:
another kernel release and version (so `platform.platform()` and `uname` differ), host
name, user name, Python build string and micro version, HOME, temp folder, time zone,
locale and checkout path. A `sitecustomize` module placed first on PYTHONPATH applies
it in every Python process the command starts (pytest, xdist workers, side workers),
and each such process leaves a marker so a test can prove the identity reached the
sides. Where possible the command also runs in its own UTS namespace (`unshare -u`,
so even C code sees the host name) and network namespace (`unshare -n`, loopback
only), as a pull-request gate on a runner without network would.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

SITECUSTOMIZE = textwrap.dedent('''
    """Fake host identity for aml-parity's portability tests (tests/portability/other_host.py)."""
    import os

    _fake = os.environ.get("AML_PARITY_FAKE_HOST")
    if _fake:
        import socket
        import sys

        _real = os.uname()
        _uname = os.uname_result((_real.sysname, _fake, os.environ["AML_PARITY_FAKE_RELEASE"],
                                  os.environ["AML_PARITY_FAKE_KERNEL_VERSION"], _real.machine))
        os.uname = lambda: _uname
        socket.gethostname = lambda: _fake
        _build = os.environ["AML_PARITY_FAKE_PYTHON_BUILD"]
        sys.version = f"{sys.version_info.major}.{sys.version_info.minor}.{_build}"
        _markers = os.environ.get("AML_PARITY_FAKE_HOST_MARKERS")
        if _markers:
            with open(os.path.join(_markers, str(os.getpid())), "w") as _marker:
                _marker.write(" ".join(sys.argv))
''')


@dataclass(frozen=True)
class HostIdentity:
    """The facts one pretend machine reports; every value is unlike any real machine's."""

    hostname: str
    user: str
    kernel_release: str
    kernel_version: str
    python_build: str
    timezone: str
    locale: str

    def platform_string(self) -> str:
        """What `platform.platform()` would print there (checked by `facts_seen`)."""
        return f"Linux-{self.kernel_release}"

    def distinct_values(self) -> list[str]:
        """Strings that must never appear in a cassette recorded under this identity."""
        micro, build = self.python_build.split(" ", 1)
        return [self.hostname, self.user, self.kernel_release, self.kernel_version,
                f"{sys.version_info.major}.{sys.version_info.minor}.{micro}", build]


OTHER_HOST = HostIdentity(
    hostname="replay-host-q7w3k9",
    user="parityreplayuser",
    kernel_release="5.4.999-otherkernel-q7w3k9",
    kernel_version="#7 SMP Sun Mar 3 03:03:03 UTC 2041",
    python_build="91 (main, Mar  3 2041, 03:03:03) [GCC 4.2.1 fakebuild-q7w3k9]",
    timezone="Pacific/Chatham",
    locale="POSIX",
)
RECORDING_HOST = HostIdentity(
    hostname="record-host-m2x8p4",
    user="parityrecorduser",
    kernel_release="6.1.777-recordkernel-m2x8p4",
    kernel_version="#3 SMP Tue Feb 2 02:02:02 UTC 2038",
    python_build="77 (main, Feb  2 2038, 02:02:02) [Clang 99.0 fakebuild-m2x8p4]",
    timezone="Asia/Kathmandu",
    locale="C.UTF-8",
)


@dataclass(frozen=True)
class OtherHost:
    """Where the pretend machine keeps its HOME, temp folder and process markers."""

    identity: HostIdentity
    root: Path

    @property
    def home(self) -> Path:
        return self.root / "home" / self.identity.user

    @property
    def tmp(self) -> Path:
        return self.root / f"tmp-{self.identity.hostname}"

    @property
    def markers(self) -> Path:
        return self.root / "markers"

    def prepare(self) -> OtherHost:
        site = self.root / "site"
        for folder in (site, self.home, self.tmp, self.markers):
            folder.mkdir(parents=True, exist_ok=True)
        (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        return self

    def env(self, base: dict[str, str]) -> dict[str, str]:
        identity = self.identity
        path = [str(self.root / "site"), *filter(None, [base.get("PYTHONPATH", "")])]
        return {
            **{k: v for k, v in base.items() if not k.startswith("LC_")},
            "PYTHONPATH": os.pathsep.join(path),
            "AML_PARITY_FAKE_HOST": identity.hostname,
            "AML_PARITY_FAKE_RELEASE": identity.kernel_release,
            "AML_PARITY_FAKE_KERNEL_VERSION": identity.kernel_version,
            "AML_PARITY_FAKE_PYTHON_BUILD": identity.python_build,
            "AML_PARITY_FAKE_HOST_MARKERS": str(self.markers),
            "HOSTNAME": identity.hostname,
            "USER": identity.user, "LOGNAME": identity.user, "USERNAME": identity.user,
            "HOME": str(self.home),
            "TMPDIR": str(self.tmp), "TEMP": str(self.tmp), "TMP": str(self.tmp),
            "TZ": identity.timezone,
            "LANG": identity.locale,
        }

    def command(self, argv: list[str], *, offline: bool) -> list[str]:
        """`argv` in its own UTS namespace (and network namespace when `offline`), if allowed."""
        flags = namespaces(offline)
        if not flags:
            return argv
        steps = [f"hostname {shlex.quote(self.identity.hostname)}"]
        if "-n" in flags:
            steps.append("ip link set lo up")
        steps.append("exec " + shlex.join(argv))
        return ["unshare", *flags, "sh", "-c", " && ".join(steps)]

    def processes_seen(self) -> list[str]:
        """The command lines of every Python process that ran under this identity."""
        return [p.read_text(encoding="utf-8") for p in self.markers.iterdir()]


def namespaces(offline: bool) -> list[str]:
    """The `unshare` flags this machine allows (root and util-linux needed), or none."""
    if shutil.which("unshare") is None or shutil.which("ip") is None or os.geteuid() != 0:
        return []
    flags = ["-u", "-n"] if offline else ["-u"]
    probe = subprocess.run(["unshare", *flags, "true"], capture_output=True, check=False)
    return flags if probe.returncode == 0 else []


def facts_seen(env: dict[str, str], wrap: OtherHost, python: str) -> dict[str, str]:
    """What a Python process started under `wrap` reports about its machine."""
    script = ("import getpass, json, os, platform, socket, sys, tempfile, time; print(json.dumps("
              "{'platform': platform.platform(), 'node': platform.node(), "
              "'hostname': socket.gethostname(), 'user': getpass.getuser(), "
              "'python': platform.python_version(), 'sys_version': sys.version, "
              "'home': os.path.expanduser('~'), 'tmp': tempfile.gettempdir(), "
              "'tz': time.tzname[0]}))")
    out = subprocess.run(wrap.command([python, "-c", script], offline=False), env=env,
                         capture_output=True, text=True, check=True)
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])
