"""Generate a national-scale registry for benchmarks: N organisations over the 98
municipalities, in proportion to their (rough) population, with the same seeded generator and
bulk loader as the demo (demo.generator, demo.loader).

    python bench/generate_registry.py --organisations 50000 [--seed 1]

Uses DJANGO_SETTINGS_MODULE=brobyg.settings.test and DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bench); creates that database if it is missing and migrates
it. Re-running replaces every municipality's organisations. See bench/README.md.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"

# Rough population in thousands (Statistics Denmark, 2024, rounded). Only the proportions matter.
POPULATION = {
    "0101": 660, "0147": 105, "0151": 52, "0153": 39, "0155": 15, "0157": 75, "0159": 70, "0161": 24,
    "0163": 30, "0165": 28, "0167": 54, "0169": 58, "0173": 57, "0175": 41, "0183": 24, "0185": 44,
    "0187": 17, "0190": 41, "0201": 26, "0210": 41, "0217": 64, "0219": 52, "0223": 25, "0230": 57,
    "0240": 44, "0250": 46, "0260": 31, "0270": 41, "0400": 39, "0253": 51, "0259": 62, "0265": 90,
    "0269": 24, "0306": 33, "0316": 73, "0320": 38, "0326": 49, "0329": 36, "0330": 80, "0336": 24,
    "0340": 30, "0350": 29, "0360": 40, "0370": 84, "0376": 60, "0390": 46, "0410": 40, "0420": 41,
    "0430": 52, "0440": 24, "0450": 32, "0461": 210, "0479": 59, "0480": 30, "0482": 12, "0492": 6,
    "0510": 56, "0530": 27, "0540": 74, "0550": 37, "0561": 116, "0563": 3.5, "0573": 50, "0575": 43,
    "0580": 59, "0607": 52, "0621": 95, "0630": 121, "0615": 98, "0657": 90, "0661": 59, "0665": 19,
    "0671": 21, "0706": 44, "0707": 37, "0710": 50, "0727": 23, "0730": 99, "0740": 100, "0741": 3.7,
    "0746": 64, "0751": 370, "0756": 42, "0760": 56, "0766": 47, "0779": 46, "0791": 98, "0773": 20,
    "0787": 43, "0810": 36, "0813": 58, "0820": 36, "0825": 1.8, "0840": 31, "0846": 42, "0849": 38,
    "0851": 222, "0860": 64,
}  # fmt: skip
MINIMUM = 25  # every municipality gets at least its anchor organisations and a few more


def allocate(total: int, population: dict[str, float] = POPULATION, minimum: int = MINIMUM) -> dict[str, int]:
    """Organisations per municipality: proportional to population (largest remainder), at least
    `minimum` each, adding up to exactly `total` (when total ≥ minimum × 98)."""
    if total < minimum * len(population):
        raise ValueError(f"need at least {minimum * len(population)} organisations")
    spare = total - minimum * len(population)
    weight = sum(population.values())
    exact = {code: spare * p / weight for code, p in population.items()}
    counts = {code: minimum + int(x) for code, x in exact.items()}
    left = total - sum(counts.values())
    for code in sorted(exact, key=lambda c: (-(exact[c] - int(exact[c])), c))[:left]:
        counts[code] += 1
    return counts


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres",
        password=parsed.password or None, dbname="postgres", autocommit=True,
    )  # fmt: skip
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobyg.settings.test")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from demo.generator import generate_cases, generate_municipality
    from demo.loader import load_municipality
    from demo.seed import municipality_rng
    from tenants.models import Municipality

    call_command("migrate", verbosity=0)
    counts = allocate(args.organisations)
    municipalities = {m.code: m for m in Municipality.objects.all()}
    used_cvrs: set[str] = set()
    totals: dict[str, int] = {}
    started = time.perf_counter()
    with tqdm(total=sum(counts.values()), unit="org", desc="Registry") as bar:
        for code in sorted(counts, key=lambda c: -counts[c]):
            rng = municipality_rng(args.seed, code)
            specs = generate_municipality(rng, code, counts[code], used_cvrs=used_cvrs)
            result = load_municipality(municipalities[code], specs, generate_cases(specs), batch_size=5000)
            for name, n in result.counts.items():
                totals[name] = totals.get(name, 0) + n
            bar.set_postfix_str(municipalities[code].name)
            bar.update(len(specs))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    print(
        f"Loaded in {elapsed:.1f} s: "
        + ", ".join(f"{name} {n:,}".replace(",", ".") for name, n in totals.items())
    )
    largest = max(counts, key=counts.get)
    print(f"Largest: {municipalities[largest].name} with {counts[largest]:,} organisations".replace(",", "."))


if __name__ == "__main__":
    main()
