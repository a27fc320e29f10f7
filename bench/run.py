"""`./banzu bench [names…]`: runs the benchmarks of quality.md and prints each figure beside the
baseline measured in the same run. Results also go to bench/results/latest.json."""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

BENCHMARKS = {
    "gateway-overhead": "gateway_overhead",  # S1
    "event-pipeline": "event_pipeline",  # S2
    "expiry-sweep": "expiry_sweep",  # S3
    "contest-publish": "contest_publish",  # S4
    "promotion-export": "promotion_export",  # S5
    "worker-import": "worker_import",  # S6
    "competing-processes": "competing_processes",  # R10
    "contest-day": "contest_day",  # S8
    "team-assessments": "team_assessments",  # S7
    "hostile-uploads": "hostile_uploads",  # R16
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[[], *BENCHMARKS], help="default: all")
    args = parser.parse_args()
    results = []
    for name in args.names or BENCHMARKS:
        print(f"== {name}", flush=True)
        results += importlib.import_module(BENCHMARKS[name]).run()
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
