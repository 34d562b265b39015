"""`make bench`: build the same content with our site and with plain mkdocs-material, and write
bench/RESULTS.md.

Every mode of ours (cold: no cache at all; warm: nothing changed; changed: one story edited) is
paired with a Material build in the same run, the two in alternating order, so a busy moment hits
both; a figure is the median over runs of the ratio within each pair. Each build is measured as a
whole process tree (bench/measure.py): wall, the CPU of every process it started (card workers,
Pagefind), the peak of their summed memory, and the load average when it started.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench import measure
from bench.generate import generate

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
SEARCH_WORD = "gezinshuis"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HVK_PROFIEL": "1", "PYTHONPATH": str(REPO)}
MODES = ("cold", "warm", "changed")
PEERS = ("blog", "hugo")  # measured once per run (the first PEER_RUNS), cold, not paired
PEER_RUNS = 3  # the blog peer takes 75-95 s a build at 1,000 stories: three are enough for its median


def build_cmd(tool: str, out: Path) -> list[str]:
    """Each tool's own build: MkDocs with --clean (Material writes everything every time; ours keeps
    its cache in the site's .cache, outside the output)."""
    if tool == "hugo":
        return ["hugo", "--quiet", "-d", str(out)]
    return [PY, "-m", "mkdocs", "build", "-q", "--clean", "-d", str(out)]


def clear_caches(site: Path, tool: str) -> None:
    """A peer's cold build: the blog's social cards drawn again (its fonts kept: no network here)."""
    if tool == "blog":
        social = site / ".cache" / "plugin" / "social"
        for path in social.glob("*"):
            if path.name != "fonts":
                shutil.rmtree(path) if path.is_dir() else path.unlink()


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def hook_seconds(output: str) -> dict[str, float]:
    match = re.search(r"Tijd in hooks: (\{.*\})", output)
    return json.loads(match.group(1)) if match else {}


def page_weight(site: Path, page: Path) -> int:
    """Compressed bytes of a page's HTML, CSS and JS (images and search excluded)."""
    html = page.read_text("utf-8")
    total = len(gzip.compress(html.encode(), 6))
    for ref in re.findall(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"', html):
        target = (page.parent / ref.split("?")[0]).resolve()
        if target.is_file():
            total += gz(target)
    return total


def search_transfer(site: Path, word: str) -> dict:
    """What a visitor downloads for one search, measured in Chromium (compressed sizes)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, Server, chromium_path

    sizes: dict[str, int] = {}
    with Server(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        first: list[str] = []
        page.on("request", lambda r: first.append(r.url))
        page.goto(server.base, wait_until="networkidle")
        on_first_view = [u for u in first if "pagefind" in u or "search" in u]
        page.goto(server.base + "zoeken/", wait_until="networkidle")

        def record(response):
            if "/pagefind/" in response.url and response.status == 200:
                body = response.body()  # Pagefind's index files and WebAssembly are gzipped already
                sizes[response.url] = (
                    len(body)
                    if response.url.endswith(("pf_index", "pf_fragment", "pf_meta", ".pagefind"))
                    else len(gzip.compress(body, 6))
                )

        page.on("response", record)
        # Our own search page (docs/zoeken.md, zoeken.js): a form that asks Pagefind's API.
        page.fill("#zoekterm", word)
        page.press("#zoekterm", "Enter")
        page.locator(".hvk-search__results a").first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        found = page.locator(".hvk-search__results a").count()
        browser.close()
    parts = {"program": 0, "page list": 0, "index": 0, "results": 0}
    for url, size in sizes.items():
        part = (
            "index"
            if url.endswith("pf_index")
            else "results"
            if url.endswith("pf_fragment")
            else "page list"
            if url.endswith("pf_meta") or "pagefind-entry.json" in url
            else "program"
        )
        parts[part] += size
    return {
        "bytes": sum(sizes.values()),
        "files": len(sizes),
        "results": found,
        "on_first_view": on_first_view,
        "parts": parts,
    }


LIGHTHOUSE = Path(__file__).resolve().parent / "node_modules" / ".bin" / "lighthouse"


def lighthouse(site: Path, paths: list[str]) -> dict[str, dict]:
    """Lighthouse (mobile: a mid-range phone on slow 4G) for each page, served compressed as a real
    host serves it. Scores out of 100, and the largest contentful paint in seconds."""
    from tests.browser import Server, chromium_path

    if not LIGHTHOUSE.exists():
        print("  Lighthouse ontbreekt (cd bench && npm ci): overgeslagen", flush=True)
        return {}
    scores = {}
    with Server(site) as server:
        for path in paths:
            report = site.parent / "lighthouse.json"
            subprocess.run(
                [
                    str(LIGHTHOUSE),
                    server.base + path,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    "--chrome-flags=--headless=new --no-sandbox",
                ],
                env={**os.environ, "CHROME_PATH": chromium_path() or "chromium"},
                check=True,
                timeout=300,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            data = json.loads(report.read_text("utf-8"))
            scores[path or "/"] = {
                **{k: round(v["score"] * 100) for k, v in data["categories"].items()},
                "lcp_s": data["audits"]["largest-contentful-paint"]["numericValue"] / 1000,
            }
    return scores


def serve_latency(site: Path, runs: int = 3) -> list[float]:
    """Seconds from saving a story to `make serve` showing it, on the story's page and on the list
    of stories (as `make serve` runs it: every page rendered again, listings included)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve = subprocess.Popen(
        [
            PY,
            "-m",
            "mkdocs",
            "serve",
            "--livereload",
            "--dirty",
            "--no-strict",
            "-a",
            f"127.0.0.1:{port}",
        ],  # the Makefile's
        cwd=site,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    story = sorted((site / "stories").glob("*.md"))[0]
    base = f"http://127.0.0.1:{port}"
    pages = [f"{base}/verhalen/{story.stem}/", f"{base}/verhalen/"]
    text = story.read_text("utf-8")
    seconds = []
    try:
        deadline = time.time() + 900
        while time.time() < deadline:
            try:
                urllib.request.urlopen(pages[0], timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        for run in range(runs):
            time.sleep(3)
            marker = f"Bewerkt{run}x{int(time.time())}"
            start = time.perf_counter()
            story.write_text(text.replace('titel: "', f'titel: "{marker} ', 1), "utf-8")
            waiting = list(pages)
            while waiting and time.perf_counter() - start < 300:
                try:
                    if marker in urllib.request.urlopen(waiting[0], timeout=5).read().decode():
                        waiting.pop(0)
                        continue
                except OSError:
                    pass
                time.sleep(0.05)
            seconds.append(time.perf_counter() - start if not waiting else float("nan"))
    finally:
        story.write_text(text, "utf-8")
        serve.terminate()
        serve.wait(timeout=30)
    return seconds


def _figures(m: measure.Measured) -> dict[str, float]:
    return {
        "wall": m.wall,
        "cpu": m.cpu,
        "peak_mb": m.peak_mb,
        "largest_mb": m.largest_mb,
        "pagefind_mb": m.pagefind_mb,
        "load": m.load,
    }


def _prepare(site: Path, mode: str, run: int) -> None:
    """cold: no cache at all (cards, search index, parsed files, measured audio); warm: nothing
    changed since the last build; changed: one story's quote edited (another story each run)."""
    if mode == "cold":
        shutil.rmtree(site / ".cache", ignore_errors=True)
    elif mode == "changed":
        story = sorted((site / "stories").glob("*.md"))[run]
        story.write_text(story.read_text("utf-8").replace('citaat: "', f'citaat: "Veranderd {run}. ', 1), "utf-8")


def bench_size(count: int, runs: int, peers: list[str], work: Path) -> dict:
    sites = generate(work / f"n{count}", count)
    subprocess.run(["git", "init", "-q"], cwd=sites["blog"], check=False)
    out = {tool: work / f"out-{count}-{tool}" for tool in ("ours", "material", *PEERS)}
    pairs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
    alone: dict[str, list[dict[str, float]]] = {peer: [] for peer in peers}
    hooks: dict[str, dict[str, float]] = {}
    for run in range(runs):
        for index, mode in enumerate(MODES):
            _prepare(sites["ours"], mode, run)
            order = ("material", "ours") if (run + index) % 2 == 0 else ("ours", "material")
            pair: dict[str, Any] = {"first": order[0]}
            for tool in order:
                measured = measure.run(build_cmd(tool, out[tool]), sites[tool], ENV)
                pair[tool] = _figures(measured)
                if tool == "ours":
                    hooks[mode] = hook_seconds(measured.output)
                    pair["cards"] = (re.search(r"Deelafbeeldingen: (\d+) getekend", measured.output) or ["", "0"])[1]
            pairs[mode].append(pair)
            print(
                f"  {count:>5} run {run + 1} {mode:<8} ours {pair['ours']['wall']:6.2f} s  "
                f"Material {pair['material']['wall']:6.2f} s  ratio {pair['ours']['wall'] / pair['material']['wall']:.2f}  "
                f"load {pair['ours']['load']:.2f}",
                flush=True,
            )
        for peer in peers if run < PEER_RUNS else ():
            clear_caches(sites[peer], peer)
            measured = measure.run(build_cmd(peer, out[peer]), sites[peer], ENV)
            alone[peer].append(_figures(measured))
            print(f"  {count:>5} run {run + 1} {peer:<8} {measured.wall:6.2f} s", flush=True)
    summary: dict[str, Any] = {"runs": runs, "pages": count + max(1, count // 10) + 3, "pairs": pairs, "peers": alone}
    summary["hooks"] = hooks
    ours, material = out["ours"], out["material"]
    summary["ours"] = {
        "output_mb": dir_size(ours) / 1e6,
        "search_index_mb": dir_size(ours / "pagefind") / 1e6,
        "home_kb": page_weight(ours, ours / "index.html") / 1000,
        "card_kb_max": max(p.stat().st_size for p in (ours / "kaarten").glob("*.png")) / 1000,
    }
    first_story = sorted((ours / "verhalen").glob("verhaal-*/index.html"))[0]
    summary["ours"]["story_kb"] = page_weight(ours, first_story) / 1000
    summary["ours"]["search"] = search_transfer(ours, SEARCH_WORD)
    first_episode = sorted((ours / "podcast").glob("aflevering-*/index.html"))[0]
    summary["ours"]["lighthouse"] = lighthouse(
        ours,
        [
            "",
            first_story.parent.relative_to(ours).as_posix() + "/",
            first_episode.parent.relative_to(ours).as_posix() + "/",
            "petitie/",
        ],
    )
    lunr = material / "search" / "search_index.json"
    summary["material"] = {
        "output_mb": dir_size(material) / 1e6,
        "search_index_gz_mb": gz(lunr) / 1e6,
        "story_kb": page_weight(material, sorted((material / "verhalen").glob("*/index.html"))[0]) / 1000,
    }
    return summary


def ratio(pairs: list[dict[str, Any]], figure: str) -> float:
    """The median over runs of ours ÷ Material within each pair."""
    return statistics.median(p["ours"][figure] / p["material"][figure] for p in pairs)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        / 1024
        / 1024
    )
    hugo = (
        (subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split() or ["?", "not installed"])[
            1
        ]
        if shutil.which("hugo")
        else "not installed"
    )
    import material
    import mkdocs

    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.platform()}, Python {platform.python_version()}, "
        f"MkDocs {mkdocs.__version__}, mkdocs-material {material.__version__ if hasattr(material, '__version__') else '9.8.1'}, "
        f"Hugo {hugo}"
    )


def report(results: dict[int, dict], started: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {started} by `make bench` on: {machine()}.",
        "",
        "Each mode of ours is paired with a plain mkdocs-material build (same pages as Markdown, its lunr "
        "search) in the same run, in alternating order; a ratio is the median over the runs of ours ÷ "
        "Material within each pair. CPU is every process the build started (card workers, Pagefind); "
        "memory is the peak of their summed resident sets. *cold*: no cache at all; *warm*: nothing "
        "changed; *changed*: one story edited. The load is the one-minute load average when each of "
        "ours' builds started (lowest–highest over the runs).",
        "",
        "| stories | runs | mode | ours | Material | wall ÷ Material | CPU ÷ Material | memory ÷ Material | "
        "largest Pagefind ÷ Material | ours CPU / peak memory / largest Pagefind | load |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for count, r in sorted(results.items()):
        for mode in MODES:
            pairs = r["pairs"][mode]
            wall = statistics.median(p["ours"]["wall"] for p in pairs)
            mwall = statistics.median(p["material"]["wall"] for p in pairs)
            cpu = statistics.median(p["ours"]["cpu"] for p in pairs)
            peak = max(p["ours"]["peak_mb"] for p in pairs)
            search = max(p["ours"].get("pagefind_mb", 0.0) for p in pairs)
            search_ratio = statistics.median(
                p["ours"].get("pagefind_mb", 0.0) / p["material"]["peak_mb"] for p in pairs
            )
            loads = [p["ours"]["load"] for p in pairs]
            lines.append(
                f"| {count:,} | {r['runs']} | {mode} | {wall:.2f} s | {mwall:.2f} s | {ratio(pairs, 'wall'):.2f} | "
                f"{ratio(pairs, 'cpu'):.2f} | {ratio(pairs, 'peak_mb'):.2f} | "
                f"{search_ratio:.2f} | {cpu:.1f} s / {peak:.0f} MB / {search:.0f} MB | "
                f"{min(loads):.2f}–{max(loads):.2f} |"
            )
    lines += [
        "",
        "Peers built alone (cold, not paired; the blog peer only up to `--skip-blog-above` stories):",
        "",
        "| stories | Material blog + social + RSS | Hugo (minimal templates) | Material, median of its pairs |",
        "|---:|---:|---:|---:|",
    ]
    for count, r in sorted(results.items()):
        cell = lambda peer, r=r: (  # noqa: E731
            f"{statistics.median(m['wall'] for m in r['peers'][peer]):.2f} s ({max(m['peak_mb'] for m in r['peers'][peer]):.0f} MB)"
            if r["peers"].get(peer)
            else "–"
        )
        material = statistics.median(p["material"]["wall"] for mode in MODES for p in r["pairs"][mode])
        lines.append(f"| {count:,} | {cell('blog')} | {cell('hugo')} | {material:.2f} s |")
    lines += [
        "",
        "| stories | output: ours / Material | a search: kB transferred (files), program / page list / index / "
        "results | home / story page (gzip, no images): ours / Material story | largest card | one story "
        "changed: cards drawn |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for count, r in sorted(results.items()):
        o, m = r["ours"], r["material"]
        s = o["search"]
        parts = " / ".join(f"{v / 1000:.0f}" for v in s["parts"].values())
        cards = sorted({p["cards"] for p in r["pairs"]["changed"]})
        lines.append(
            f"| {count:,} | {o['output_mb']:.1f} MB / {m['output_mb']:.1f} MB | {s['bytes'] / 1000:.0f} kB "
            f"({s['files']}): {parts} | {o['home_kb']:.0f} / {o['story_kb']:.0f} kB; {m['story_kb']:.0f} kB | "
            f"{o['card_kb_max']:.0f} kB | {', '.join(cards)} |"
        )
    lines += [
        "",
        "Lighthouse 12 (mobile), pages served compressed: performance / accessibility / best practices / "
        "SEO, and the largest contentful paint.",
        "",
        "| stories | page | scores | LCP |",
        "|---:|---|---|---:|",
    ]
    for count, r in sorted(results.items()):
        for path, score in r["ours"].get("lighthouse", {}).items():
            lines.append(
                f"| {count:,} | `{path}` | {score['performance']} / {score['accessibility']} / "
                f"{score['best-practices']} / {score['seo']} | {score['lcp_s']:.1f} s |"
            )
    for count, r in sorted(results.items()):
        if r.get("serve"):
            shown = ", ".join(f"{v:.2f} s" for v in r["serve"])
            lines += [
                "",
                f"`make serve` at {count:,} stories: a saved story on its page and in the list after {shown}.",
            ]
    largest = results[max(results)]["hooks"]
    lines += [
        "",
        "Time in our hooks at the largest size, by mode (seconds, the last run):",
        "",
        "```",
        json.dumps(largest, indent=1),
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", default="", help="runs per size, in the same order (default 3, 5, 1)")
    parser.add_argument("--peers", default=",".join(PEERS))
    parser.add_argument("--skip-blog-above", type=int, default=1000, help="the blog peer takes minutes above this")
    parser.add_argument("--serve-at", type=int, default=1000, help="measure `make serve` at this size, if run")
    parser.add_argument("--work", type=Path, default=Path("/tmp/hvk-bench"))
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "RESULTS.md")
    parser.add_argument("--search-word", default="gezinshuis")
    args = parser.parse_args()
    global SEARCH_WORD
    SEARCH_WORD = args.search_word
    if not measure.become_subreaper():
        print("Let op: geen subreaper; de CPU van kaartwerkers telt niet mee.", flush=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    # Five pairs at 1,000 stories: the host's speed moves by a tenth within minutes, and the median
    # of three pairs moved by as much between runs of the same code.
    default_runs = {100: 3, 1000: 5}
    given = [int(r) for r in args.runs.split(",") if r]
    runs = {size: given[i] if i < len(given) else default_runs.get(size, 1) for i, size in enumerate(sizes)}
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    results = {}
    for count in sizes:
        peers = [p for p in args.peers.split(",") if p and not (p == "blog" and count > args.skip_blog_above)]
        print(f"{count} stories: ours and Material in pairs; alone: {', '.join(peers) or '-'}", flush=True)
        results[count] = bench_size(count, runs[count], peers, args.work)
        if count == args.serve_at or len(sizes) == 1:
            results[count]["serve"] = serve_latency(args.work / f"n{count}" / "ours")
            print(f"  make serve: {results[count]['serve']}", flush=True)
    text = report(results, started)
    args.results.write_text(text, "utf-8")
    args.results.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str), "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
