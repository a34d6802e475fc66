"""Gate: pyright's type completeness of the public API (the names ``chatbot.__all__``
exports and their members) must be at least ``--min`` (default 0.98).

    python .ci/type_completeness.py [--min 0.98]

Runs ``pyright --verifytypes chatbot --ignoreexternal --outputjson`` and prints both the
whole package's score (every non-underscore module counts as public there) and the public
API's, with each symbol of the public API whose type is unknown or ambiguous.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

DEFAULT_MIN = 0.98


def public_prefixes() -> tuple[str, ...]:
    """``chatbot.NAME`` and the defining ``module.qualname`` of every exported name."""
    package = importlib.import_module("chatbot")
    prefixes = []
    for name in package.__all__:
        prefixes.append(f"chatbot.{name}")
        obj = getattr(package, name)
        module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
        if isinstance(module, str) and isinstance(qualname, str):
            prefixes.append(f"{module}.{qualname}")
    return tuple(prefixes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=DEFAULT_MIN)
    args = parser.parse_args()
    run = subprocess.run(["pyright", "--verifytypes", "chatbot", "--ignoreexternal", "--outputjson"],
                         capture_output=True, text=True, check=False)
    try:
        report = json.loads(run.stdout)["typeCompleteness"]
    except (ValueError, KeyError):
        sys.stderr.write(f"pyright gave no report (exit {run.returncode}): {run.stderr.strip()[:500]}\n")
        return 1
    prefixes = public_prefixes()
    public = [s for s in report["symbols"]
              if s["name"] in prefixes or s["name"].startswith(tuple(p + "." for p in prefixes))]
    bad = [s for s in public if not s["isTypeKnown"] or s.get("isTypeAmbiguous")]
    score = 1 - len(bad) / len(public) if public else 0.0
    print(f"type completeness: whole package {report['completenessScore']:.1%}, "
          f"public API {score:.1%} ({len(public) - len(bad)} of {len(public)} symbols known)")
    for symbol in bad:
        detail = "; ".join(d["message"].splitlines()[0] for d in symbol.get("diagnostics", []))
        print(f"  {symbol['name']}: {detail or 'partially unknown'}")
    if score < args.min:
        sys.stderr.write(f"public API type completeness {score:.1%} is under {args.min:.0%}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
