"""One build measured as a whole process tree: wall time, CPU of every process it started, peak
memory of all of them together, and the load average beside it.

MkDocs' card workers are forkserver children and Pagefind is a Node/Rust child: `os.wait4` on the
build alone misses the first (the forkserver outlives the build and is never waited for) and counts
the second only as its own peak. So the benchmark makes itself a child subreaper (Linux `prctl`):
every orphan of the build is handed to it and reaped, and `RUSAGE_CHILDREN` then holds the CPU of
the whole tree. Memory is sampled from /proc every 100 ms as the sum of the tree's resident sets.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Orphans of a measured build come to us, so their CPU is counted when we reap them."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds
    cpu: float  # user + system seconds of every process in the tree
    peak_mb: float  # largest sum of the tree's resident sets at one moment
    largest_mb: float  # largest single process of the tree (sampled, like the peak)
    pagefind_mb: float  # largest Pagefind process of the tree (one per search index shard)
    load: float  # one-minute load average when the build started
    output: str


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _tree_rss_kb(root: int) -> tuple[int, int, int]:
    """Sum and largest of the resident sets of `root` and all its descendants, and the largest
    Pagefind among them: one read of /proc/N/stat each."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    pagefind: set[int] = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                name, rest = Path(entry.path, "stat").read_text().split("(", 1)[1].rsplit(")", 1)
            except (OSError, ValueError):
                continue
            fields = rest.split()
            parent[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * PAGE_KB
            if name.startswith("pagefind"):
                pagefind.add(int(entry.name))
    total = largest = search = 0
    for pid, kb in rss.items():
        ancestor = pid
        while ancestor > 1 and ancestor != root:
            ancestor = parent.get(ancestor, 0)
        if ancestor == root:
            total += kb
            largest = max(largest, kb)
            if pid in pagefind:
                search = max(search, kb)
    return total, largest, search


def _reap_orphans() -> None:
    """Wait for every process handed to us (the forkserver and its workers), so their CPU counts."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> Measured:
    """Run one build and measure its whole tree; raises with its output if it fails."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = largest = search = 0
    done = threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def sample() -> None:
        nonlocal peak, largest, search
        while not done.wait(0.1):
            total, one, pagefind = _tree_rss_kb(process.pid)
            peak, largest, search = max(peak, total), max(largest, one), max(search, pagefind)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stdout is not None
    output = process.stdout.read()
    status = process.wait()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if status != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{output[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # (RUSAGE_CHILDREN's maxrss is the largest child ever, not of this build: sampled instead.)
    return Measured(wall, cpu, peak / 1024, largest / 1024, search / 1024, load, output)
