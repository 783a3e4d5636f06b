"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/.

Seeds come from the repository itself: the `request` of each golden case
(tests/golden/*.json) as JSON text, the bundled policy files
(examples/policies/*.json, *.toml), the calendar texts and durations those
policies use, and the hand seeds in fuzz/seeds/<target>/. Run by
scripts/test-fuzz.sh; libFuzzer adds what it finds to the same folders.
"""

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"


def write(target: str, name: str, text: str) -> None:
    folder = FUZZ / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def main() -> None:
    for path in sorted((ROOT / "tests" / "golden").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        write("evaluate_json", f"golden-{path.stem}", json.dumps(case["request"], ensure_ascii=False))
    calendars, durations = set(), set()
    for path in sorted((ROOT / "examples" / "policies").iterdir()):
        if path.suffix not in (".json", ".toml"):
            continue
        write("policy", f"example-{path.name}", path.read_text(encoding="utf-8"))
        if path.suffix == ".json":
            policy = json.loads(path.read_text(encoding="utf-8"))
            for cal in policy.get("calendars", {}).values():
                if isinstance(cal, str):
                    calendars.add(cal)
            for s in strings(policy.get("metrics", [])):
                if any(ch.isdigit() for ch in s) and len(s) < 40:
                    durations.add(s)
    for i, text in enumerate(sorted(calendars)):
        write("calendar", f"policy-{i}", text)
    for i, text in enumerate(sorted(durations)):
        write("duration", f"policy-{i}", text)
    for folder in sorted((FUZZ / "seeds").iterdir()):
        for path in sorted(folder.iterdir()):
            write(folder.name, path.name, path.read_text(encoding="utf-8"))
    for target in ("evaluate_json", "policy", "calendar", "duration", "events"):
        (FUZZ / "corpus" / target).mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
