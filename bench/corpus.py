"""Many distinct articles from the few seed articles, for scale benches and fault tests.

Each copy renames the people and places and changes the small numbers, with a seeded random choice,
so that every file has its own sha256 (ingest skips duplicates) and its own model cache keys, while
still reading like news the engines can brief.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

# Seed entity → stand-ins of the same kind; whole words only, so "Putins" stays a genitive of the stand-in.
RENAMES: dict[str, list[str]] = {
    "Kim": ["Park", "Choi", "Jang", "Yoon", "Han", "Seo", "Kang", "Moon"],
    "Putin": ["Petrov", "Volkov", "Sokolov", "Morozov", "Orlov", "Lebedev", "Pavlov", "Kozlov"],
    "Vladivostok": ["Khabarovsk", "Magadan", "Nakhodka", "Yakutsk", "Irkutsk", "Chita"],
    "Wladiwostok": ["Chabarowsk", "Magadan", "Nachodka", "Jakutsk", "Irkutsk", "Tschita"],
    "Watson": ["Miller", "Garcia", "Brooks", "Foster", "Hayes", "Reed"],
    "Kirby": ["Bennett", "Coleman", "Porter", "Russell", "Hughes", "Ward"],
    "Zelenskyi": ["Shevchenko", "Bondarenko", "Tkachenko", "Kovalenko", "Melnyk"],
    "Donetsk": ["Kharkiv", "Sumy", "Poltava", "Chernihiv"],
    "Romania": ["Moldova", "Bulgaria", "Hungary", "Slovakia"],
    "Schoigu": ["Gerassimow", "Patruschew", "Lawrow", "Naryschkin"],
    "Shoigu": ["Gerasimov", "Patrushev", "Lavrov", "Naryshkin"],
}
_NAMES = re.compile(r"\b(" + "|".join(map(re.escape, RENAMES)) + r")\b")
# Small standalone numbers only: dates (2023-09-05, 9/4/2023) and times keep their form.
_NUMBER = re.compile(r"(?<![\d/:.\-])\b\d{1,3}\b(?![/:\-]?\d)")


def vary_text(text: str, rng: random.Random) -> str:
    """One variant of ``text``: each seed entity consistently renamed, each small number redrawn."""
    chosen = {name: rng.choice(options) for name, options in RENAMES.items()}
    text = _NAMES.sub(lambda m: chosen[m.group(1)], text)
    return _NUMBER.sub(lambda m: str(rng.randint(2, 10 ** len(m.group(0)) - 1)), text)


def write_corpus(out_dir: Path, n: int, seed: int = 0, seeds_dir: Path = SEEDS) -> list[Path]:
    """Write ``n`` distinct article variants to ``out_dir`` (cycling through the seeds); return their paths."""
    originals = sorted(seeds_dir.glob("*.txt"))
    if not originals:
        raise FileNotFoundError(f"no seed articles in {seeds_dir}")
    texts = [p.read_text(encoding="utf-8") for p in originals]
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    paths = []
    for i in range(n):
        base = texts[i % len(texts)]
        while True:
            text = vary_text(base, rng)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest not in seen:
                break
        seen.add(digest)
        path = out_dir / f"{i:05d}_{originals[i % len(texts)].stem}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
