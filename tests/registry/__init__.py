from pathlib import Path

# A valid import file of eight Kolding organisations (registry.testing builds others).
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "registry_import_sample.csv"
