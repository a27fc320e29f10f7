"""`banzu-credentials migrate|relay|consume|dead-letters|sweep [--as-of YYYY-MM-DD]|badge-keys list|ensure|new|retire KID`."""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import date

from banzu_common.badges.did import did_document
from banzu_common.badges.keys import keys_made_on_first_use, load_keys, new_key, retire_key

from banzu_credentials.adapters.badge_issuer import badge_issuer, keys_folder
from banzu_credentials.bootstrap import runtime
from banzu_credentials.entrypoints.consumer import HANDLERS
from banzu_credentials.service_layer.sweep import sweep

log = logging.getLogger(__name__)


def scheduled_sweep(on: date | None = None) -> dict[str, int]:
    """The expiry sweep for `on` (default today), committed; what the scheduler calls."""
    with runtime.uow() as uow:
        result = sweep(uow, on or date.today())
        uow.commit()
    return result


def sweep_job(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="banzu-credentials sweep")
    parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="the day to sweep for (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    result = scheduled_sweep(args.as_of)
    log.info("sweep: %d expiring and %d expired notice(s) sent", result["expiring"], result["expired"])
    return 0


def badge_keys_job(argv: list[str]) -> int:
    """The badge signing keys in BANZU_BADGE_KEYS_DIR: list them, make the first if there is none
    (`ensure`, what an installation's first start runs), add the next (it signs from then on), or retire
    one (only its public half stays, so what it signed still verifies)."""
    parser = argparse.ArgumentParser(prog="banzu-credentials badge-keys")
    parser.add_argument("action", choices=("list", "ensure", "new", "retire"))
    parser.add_argument("kid", nargs="?", help="the key to retire")
    args = parser.parse_args(argv)
    folder = keys_folder()
    if args.action == "ensure":
        keys_made_on_first_use(folder)
    elif args.action == "new":
        print(f"{new_key(folder)} signs from now on ({folder})")
    elif args.action == "retire":
        if not args.kid:
            parser.error("name the key to retire")
        retire_key(folder, args.kid)
        print(f"{args.kid} is retired: it stays published and signs nothing more")
    ring = load_keys(folder)
    issuer = badge_issuer()
    signing = next((key for key in reversed(ring.keys) if key.private is not None), None)
    for key in ring.keys:
        state = "signs" if key is signing else ("can sign" if key.private is not None else "retired, published")
        print(f"{issuer.did}#{key.kid}\t{state}")
    print(f"DID document: {len(did_document(issuer.did, ring)['verificationMethod'])} key(s) published")
    return 0


def main(argv: list[str] | None = None) -> int:
    return runtime.main(HANDLERS, jobs={"sweep": sweep_job, "badge-keys": badge_keys_job}, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
