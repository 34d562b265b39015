"""`make bench`: build the same content with our site and with the peers, and write bench/RESULTS.md.

Wall time and peak memory come from the operating system (os.wait4) for each build process;
every figure is a median over runs in which the tools take turns, so machine noise hits all alike.
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

from bench.generate import generate

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
SEARCH_WORD = "gezinshuis"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HVK_PROFIEL": "1", "PYTHONPATH": str(REPO)}


def measure(cmd: list[str], cwd: Path) -> dict:
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{output[-3000:]}")
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "output": output}


def build_cmd(tool: str, out: Path) -> list[str]:
    if tool == "hugo":
        return ["hugo", "--quiet", "-d", str(out)]
    return [PY, "-m", "mkdocs", "build", "-q", "--clean", "-d", str(out)]


def clear_caches(site: Path, tool: str) -> None:
    if tool == "ours":  # cold: no cards, no search index, no parsed files, no measured audio kept
        shutil.rmtree(site / ".cache", ignore_errors=True)
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


def serve_latency(site: Path) -> float:
    """Seconds from saving a story to `make serve` showing the change."""
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
        ],  # as `make serve` runs it
        cwd=site,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    story = sorted((site / "stories").glob("*.md"))[0]
    url = f"http://127.0.0.1:{port}/verhalen/{story.stem}/"
    try:
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(2)
        marker = f"Bewerkt-{int(time.time())}"
        text = story.read_text("utf-8")
        start = time.perf_counter()
        story.write_text(text.replace('citaat: "', f'citaat: "{marker} ', 1), "utf-8")
        while time.perf_counter() - start < 300:
            try:
                if marker in urllib.request.urlopen(url, timeout=5).read().decode():
                    return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.05)
        return float("nan")
    finally:
        story.write_text(text, "utf-8")
        serve.terminate()
        serve.wait(timeout=30)


def bench_size(count: int, runs: int, tools: list[str], work: Path) -> dict:
    sites = generate(work / f"n{count}", count)
    for tool in ("blog",):
        subprocess.run(["git", "init", "-q"], cwd=sites[tool], check=False)
    results: dict[str, list[dict]] = {tool: [] for tool in tools}
    for run in range(runs):
        order = tools[run % len(tools) :] + tools[: run % len(tools)]  # take turns
        for tool in order:
            clear_caches(sites[tool], tool)
            out = work / f"out-{count}-{tool}"
            results[tool].append(measure(build_cmd(tool, out), sites[tool]))
            print(f"  {count:>5} {tool:<9} run {run + 1}: {results[tool][-1]['wall']:.2f} s", flush=True)
    summary: dict[str, Any] = {
        tool: {
            "wall": statistics.median(r["wall"] for r in rs),
            "rss_mb": max(r["rss_mb"] for r in rs),
            "runs": len(rs),
        }
        for tool, rs in results.items()
    }
    out = work / f"out-{count}-ours"
    if "ours" in tools:
        summary["ours"]["hooks"] = hook_seconds(results["ours"][-1]["output"])
        warm = [measure(build_cmd("ours", out), sites["ours"]) for _ in range(runs)]
        summary["ours_warm"] = {
            "wall": statistics.median(w["wall"] for w in warm),
            "rss_mb": max(w["rss_mb"] for w in warm),
            "hooks": hook_seconds(warm[-1]["output"]),
        }
        story = sorted((sites["ours"] / "stories").glob("*.md"))[0]
        story.write_text(story.read_text("utf-8").replace('citaat: "', 'citaat: "Veranderd. ', 1), "utf-8")
        changed = measure(build_cmd("ours", out), sites["ours"])
        summary["ours_changed"] = {
            "wall": changed["wall"],
            "cards": (re.search(r"Deelafbeeldingen: (\d+) getekend", changed["output"]) or ["", "?"])[1],
        }
        summary["ours"]["output_mb"] = dir_size(out) / 1e6
        summary["ours"]["search_index_mb"] = dir_size(out / "pagefind") / 1e6
        summary["ours"]["home_kb"] = page_weight(out, out / "index.html") / 1000
        first_story = sorted((out / "verhalen").glob("verhaal-*/index.html"))[0]
        summary["ours"]["story_kb"] = page_weight(out, first_story) / 1000
        cards = list((out / "kaarten").glob("*.png"))
        summary["ours"]["card_kb_max"] = max(p.stat().st_size for p in cards) / 1000
        summary["ours"]["search"] = search_transfer(out, SEARCH_WORD)
        first_episode = sorted((out / "podcast").glob("aflevering-*/index.html"))[0]
        summary["ours"]["lighthouse"] = lighthouse(
            out,
            [
                "",
                first_story.parent.relative_to(out).as_posix() + "/",
                first_episode.parent.relative_to(out).as_posix() + "/",
                "petitie/",
            ],
        )
    if "material" in tools:
        mout = work / f"out-{count}-material"
        index = mout / "search" / "search_index.json"
        summary["material"]["output_mb"] = dir_size(mout) / 1e6
        summary["material"]["search_index_mb"] = index.stat().st_size / 1e6
        summary["material"]["search_index_gz_mb"] = gz(index) / 1e6
        first = sorted((mout / "verhalen").glob("*/index.html"))[0]
        summary["material"]["story_kb"] = page_weight(mout, first) / 1000
    summary["pages"] = count + max(1, count // 10) + 3
    return summary


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


def report(all_results: dict[int, dict], runs: dict[int, int], started: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {started} by `make bench` on: {machine()}.",
        "",
        "Clean builds of the same generated content (300–600-word stories, one episode with real audio per "
        "ten stories). Wall time is the median of the runs, tools taking turns; peak memory is the largest "
        "resident set of the build process. *ours, cold* starts with no cache at all (cards, search index, parsed files); *warm* is a "
        "rebuild with nothing changed.",
        "",
        "| stories | runs | ours, cold | ours, warm | Material + search | Material blog + social + RSS | Hugo | "
        "ours cold ÷ Material | ours warm ÷ Material | blog ÷ ours cold |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for count, r in sorted(all_results.items()):
        get = lambda tool, r=r: r.get(tool, {}).get("wall")  # noqa: E731
        cell = lambda v: f"{v:.2f} s" if v else "–"  # noqa: E731
        ratio = lambda a, b: f"{a / b:.2f}" if a and b else "–"  # noqa: E731
        lines.append(
            f"| {count:,} | {runs[count]} | {cell(get('ours'))} | {cell(get('ours_warm'))} | "
            f"{cell(get('material'))} | {cell(get('blog'))} | {cell(get('hugo'))} | "
            f"{ratio(get('ours'), get('material'))} | {ratio(get('ours_warm'), get('material'))} | "
            f"{ratio(get('blog'), get('ours'))} |"
        )
    lines += [
        "",
        "| stories | pages | ours per page (warm) | peak memory: ours cold / ours warm / Material / blog / Hugo | "
        "output: ours / Material | search index: ours (Pagefind, on disk) / Material (lunr, gz) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for count, r in sorted(all_results.items()):
        o, m = r.get("ours", {}), r.get("material", {})
        per_page = r["ours_warm"]["wall"] / r["pages"] * 1000 if "ours_warm" in r else float("nan")
        mem = " / ".join(
            f"{r[t]['rss_mb']:.0f} MB" if "rss_mb" in r.get(t, {}) else "–"
            for t in ("ours", "ours_warm", "material", "blog", "hugo")
        )
        lines.append(
            f"| {count:,} | {r['pages']:,} | {per_page:.1f} ms | {mem} | "
            f"{o.get('output_mb', 0):.1f} MB / {m.get('output_mb', 0):.1f} MB | "
            f"{o.get('search_index_mb', 0):.2f} MB / {m.get('search_index_gz_mb', 0):.2f} MB |"
        )
    lines += [
        "",
        "| stories | rebuild, nothing changed: time in our hooks | one story changed: time, cards redrawn | "
        "a search: bytes transferred (files) | search requests on first page view: ours / Material | "
        "home / story page (gzip, no images): ours | story page: Material | largest card |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for count, r in sorted(all_results.items()):
        if "ours" not in r:
            continue
        o, warm = r["ours"], r["ours_warm"]
        share = sum(warm["hooks"].values()) / warm["wall"] * 100 if warm["hooks"] else float("nan")
        s = o["search"]
        lines.append(
            f"| {count:,} | {share:.1f} % of {warm['wall']:.2f} s | {r['ours_changed']['wall']:.2f} s, "
            f"{r['ours_changed']['cards']} | {s['bytes'] / 1000:.0f} kB ({s['files']}) | "
            f"{len(s['on_first_view'])} / 1 (search_index.json) | {o['home_kb']:.0f} kB / {o['story_kb']:.0f} kB | "
            f"{r.get('material', {}).get('story_kb', float('nan')):.0f} kB | {o['card_kb_max']:.0f} kB |"
        )
    lines += [
        "",
        "What one search transfers, by part (kB): Pagefind's program (JavaScript and WebAssembly), its "
        "page list, the index chunks for the word, the result fragments.",
        "",
        "| stories | program | page list | index | results | total |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for count, r in sorted(all_results.items()):
        parts = r.get("ours", {}).get("search", {}).get("parts")
        if parts:
            lines.append(
                f"| {count:,} | "
                + " | ".join(f"{v / 1000:.0f}" for v in parts.values())
                + f" | {sum(parts.values()) / 1000:.0f} |"
            )
    lines += [
        "",
        "Lighthouse 12 (mobile), pages served compressed: performance / accessibility / best practices / "
        "SEO, and the largest contentful paint.",
        "",
        "| stories | page | scores | LCP |",
        "|---:|---|---|---:|",
    ]
    for count, r in sorted(all_results.items()):
        for path, score in r.get("ours", {}).get("lighthouse", {}).items():
            lines.append(
                f"| {count:,} | `{path}` | {score['performance']} / {score['accessibility']} / "
                f"{score['best-practices']} / {score['seo']} | {score['lcp_s']:.1f} s |"
            )
    lines += [
        "",
        "Time in our hooks at the largest size (warm rebuild, seconds):",
        "",
        "```",
        json.dumps(all_results[max(all_results)].get("ours_warm", {}).get("hooks", {}), indent=1),
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", default="3,3,1", help="runs per size, in the same order")
    parser.add_argument("--tools", default="ours,material,blog,hugo")
    parser.add_argument(
        "--skip-blog-above",
        type=int,
        default=1000,
        help="the blog + social peer takes minutes above this size; skip it there",
    )
    parser.add_argument("--serve-at", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/hvk-bench"))
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "RESULTS.md")
    parser.add_argument("--search-word", default="gezinshuis")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="add these measurements to the last results instead of replacing them "
        "(e.g. --tools blog --sizes 5000 --skip-blog-above 5000: one slow peer at one size)",
    )
    args = parser.parse_args()
    global SEARCH_WORD
    SEARCH_WORD = args.search_word
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = dict(zip(sizes, [int(r) for r in args.runs.split(",")] + [1] * len(sizes), strict=False))
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    results = {}
    for count in sizes:
        tools = [t for t in args.tools.split(",") if not (t == "blog" and count > args.skip_blog_above)]
        print(f"{count} stories: {', '.join(tools)}", flush=True)
        results[count] = bench_size(count, runs[count], tools, args.work)
        if count == args.serve_at:
            results[count]["serve"] = serve_latency(args.work / f"n{count}" / "ours")
            print(f"  make serve shows an edit after {results[count]['serve']:.2f} s", flush=True)
    if args.merge and args.results.with_suffix(".json").exists():
        earlier = {int(k): v for k, v in json.loads(args.results.with_suffix(".json").read_text("utf-8")).items()}
        for count, measured in results.items():
            earlier.setdefault(count, {}).update(measured)
        results = earlier
        runs = {count: r.get("ours", {}).get("runs", runs.get(count, 1)) for count, r in results.items()}
        first = re.search(r"Measured (.+?) by `make bench`", args.results.read_text("utf-8"))
        started = f"{first.group(1) if first else '?'} ({args.tools} at {args.sizes} stories added {started})"
    text = report(results, runs, started)
    serve = [
        f"- `make serve` at {c:,} stories shows an edited story after {r['serve']:.2f} s."
        for c, r in results.items()
        if "serve" in r
    ]
    args.results.write_text(text + "\n".join(serve) + "\n", "utf-8")
    args.results.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str), "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
