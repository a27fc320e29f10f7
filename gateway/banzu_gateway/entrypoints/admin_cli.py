"""`banzu-admin`: jobs people run by hand against a running gateway.

    banzu-admin import-workers FILE [--dry-run] [--partial]
    banzu-admin import-credentials FILE [--dry-run] [--partial]
    banzu-admin export-promotions --format csv|xlsx --out FILE [--from D] [--to D] [--team T] ...
    banzu-admin sweep --as-of YYYY-MM-DD
    banzu-admin dead-letters list|replay --service NAME [--limit N]
    banzu-admin seed-demo [--demo-password P]   (refused where BANZU_ENV is production)
    banzu-admin verify-badge FILE --did-document FILE [--status-list FILE | --fetch-status]
                                                (offline: needs no gateway and no account)

The gateway is BANZU_URL (default http://127.0.0.1:8000); the account is BANZU_ADMIN_USERNAME and
BANZU_ADMIN_PASSWORD, or --user and --password. `dead-letters` talks to the broker directly
(BANZU_BROKER_URL), because replaying is an operator's job with no HTTP API.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TransferSpeedColumn)
from rich.table import Table
import urllib3
from urllib3.exceptions import HTTPError

from banzu_common.badges.checking import check
from banzu_common.config import Settings, in_production
from banzu_common.messaging import dead_letters
from banzu_common.messaging.connection import BROKER_ERRORS

from banzu_gateway import config
from banzu_gateway.entrypoints.admin import seed
from banzu_gateway.entrypoints.admin.gateway_client import GatewayClient, GatewayError

console = Console()
SERVICES = ("gateway", "competition", "training", "credentials")
ERRORS_SHOWN = 30


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except GatewayError as error:
        console.print(f"[red]The gateway refused: {error}[/red]")
        return 1
    except HTTPError as error:
        console.print(f"[red]Cannot reach the gateway at {args.url}: {error}[/red]")
        return 2
    except BROKER_ERRORS as error:
        console.print(f"[red]Cannot reach the broker: {error.__class__.__name__} {error}[/red]")
        return 2


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="banzu-admin", description=__doc__,
                                          formatter_class=argparse.RawDescriptionHelpFormatter)
    username, password = config.admin_account()
    main_parser.add_argument("--url", default=config.gateway_url())
    main_parser.add_argument("--user", default=username or "admin")
    main_parser.add_argument("--password", default=password,
                             help="default: BANZU_ADMIN_PASSWORD (safer than the command line)")
    commands = main_parser.add_subparsers(dest="command", required=True)

    for name, path, what in (("import-workers", "/workers/import", "workers"),
                             ("import-credentials", "/credentials/import", "credentials")):
        command = commands.add_parser(name, help=f"import {what} from a CSV or XLSX file")
        command.add_argument("file", type=Path)
        command.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
        command.add_argument("--partial", action="store_true", help="write the good rows even if others fail")
        command.set_defaults(run=run_import, path=path)

    export = commands.add_parser("export-promotions", help="download the HR promotion list")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--from", dest="date_from", type=date.fromisoformat, help="effective on or after")
    export.add_argument("--to", dest="date_to", type=date.fromisoformat, help="effective on or before")
    export.add_argument("--team")
    export.add_argument("--source", choices=("contest", "certification"))
    export.add_argument("--grade", help="the grade reached")
    export.add_argument("--lang", choices=("zh", "en"),
                        help="labels in this language; a CSV without it has codes (for programs), a workbook zh")
    export.set_defaults(run=run_export)

    sweep = commands.add_parser("sweep", help="run the credential expiry sweep for a date")
    sweep.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    sweep.add_argument("--dry-run", action="store_true", help="only count the notices it would send")
    sweep.set_defaults(run=run_sweep)

    letters = commands.add_parser("dead-letters", help="list or replay a service's dead-lettered events")
    letters.add_argument("action", choices=("list", "replay"))
    letters.add_argument("--service", required=True, choices=SERVICES)
    letters.add_argument("--limit", type=int)
    letters.set_defaults(run=run_dead_letters)

    demo = commands.add_parser("seed-demo", help="add the demo users, teams, workers and courses "
                                                 "(never where BANZU_ENV is production)")
    demo.add_argument("--demo-password", default=config.demo_password(),
                      help="the demo accounts' password (default: BANZU_DEMO_PASSWORD, else one picked now)")
    demo.set_defaults(run=run_seed_demo)
    verify = commands.add_parser("verify-badge", help="check an Open Badges 3.0 badge (.jwt, .svg or .png) offline "
                                                      "with the issuer's DID document")
    verify.add_argument("file", type=Path)
    verify.add_argument("--did-document", type=Path, required=True,
                        help="the issuer's DID document, saved from https://<host>/.well-known/did.json")
    status = verify.add_mutually_exclusive_group()
    status.add_argument("--status-list", type=Path, help="the issuer's status list (a saved JWT), to see revocations")
    status.add_argument("--fetch-status", action="store_true", help="fetch the status list the badge names (online)")
    verify.set_defaults(run=run_verify_badge)
    return main_parser


def signed_in(args) -> GatewayClient:
    if not args.password:
        raise SystemExit("Set BANZU_ADMIN_PASSWORD (or pass --password) to sign in.")
    client = GatewayClient(args.url)
    client.sign_in(args.user, args.password)
    return client


def transfer_progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                    TransferSpeedColumn(), TimeElapsedColumn(), console=console)


def run_import(args) -> int:
    if not args.file.is_file():
        raise SystemExit(f"No such file: {args.file}")
    client = signed_in(args)
    with transfer_progress() as progress:
        task = progress.add_task(f"Uploading {args.file.name}", total=args.file.stat().st_size)

        def sent(size: int) -> None:
            progress.advance(task, size)
            if progress.tasks[task].finished:
                progress.update(task, description="Validating and writing")

        report = client.upload(args.path, args.file, {"dry_run": args.dry_run, "partial": args.partial}, sent)
    show_import_report(report)
    return 1 if report.get("errors") else 0


def show_import_report(report: dict) -> None:
    counts = [key for key in ("created", "updated", "unchanged", "valid_rows") if key in report]
    errors = report.get("errors") or []
    summary = Table(title="Dry run: nothing written" if report.get("dry_run") else "Import")
    for key in [*counts, "errors"]:
        summary.add_column(key.replace("_", " "), justify="right")
    summary.add_row(*(str(report[key]) for key in counts), str(len(errors)))
    console.print(summary)
    if errors:
        table = Table(title=f"Errors (first {min(len(errors), ERRORS_SHOWN)} of {len(errors)})")
        for column in ("row", "field", "message"):
            table.add_column(column)
        for error in errors[:ERRORS_SHOWN]:
            table.add_row(str(error["row"]), error["field"], error["message"])
        console.print(table)


def run_export(args) -> int:
    client = signed_in(args)
    params = {"format": args.format, "from": args.date_from, "to": args.date_to, "team": args.team,
              "source": args.source, "grade": args.grade, "lang": args.lang}
    partial = args.out.with_name(args.out.name + ".part")
    with transfer_progress() as progress, partial.open("wb") as out:
        task = progress.add_task(f"Downloading {args.out.name}", total=None)
        client.download("/promotions", params, out, lambda size: progress.advance(task, size))
    partial.replace(args.out)  # a failed download never leaves a half file under the real name
    console.print(f"Wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


def run_sweep(args) -> int:
    client = signed_in(args)
    status, body = client.call("POST", "/credentials/sweep",
                               params={"as_of": args.as_of.isoformat(), "dry_run": str(args.dry_run).lower()})
    if status != 200:
        raise GatewayError(status, body)
    table = Table(title=f"Expiry sweep as of {args.as_of}")
    for key in body:
        table.add_column(key, justify="right")
    table.add_row(*(str(value) for value in body.values()))
    console.print(table)
    return 0


def run_dead_letters(args) -> int:
    settings = Settings.from_env(args.service)
    if args.action == "replay":
        moved = dead_letters.replay(settings, args.service, args.limit)
        console.print(f"Replayed {moved} message(s) to {settings.queue(args.service)}")
        return 0
    found = dead_letters.list_dead_letters(settings, args.service)
    table = Table(title=f"Dead letters of {args.service} ({len(found)})")
    for column in ("message_id", "type", "attempts", "size", "error"):
        table.add_column(column)
    for letter in found:
        table.add_row(*(str(letter.get(column, "")) for column in ("message_id", "type", "attempts", "size", "error")))
    console.print(table)
    return 0


VERDICTS = {"valid": "[green]VALID[/green]: signed by the issuer, unchanged, within its dates",
            "revoked": "[red]REVOKED[/red]: the issuer's status list withdraws it",
            "expired": "[red]EXPIRED[/red]: past its validUntil", "not_yet_valid": "[red]NOT YET VALID[/red]",
            "foreign": "[red]NOT ISSUED BY THIS ISSUER[/red]: another issuer, or a key its DID document does not list",
            "tampered": "[red]TAMPERED[/red]: the signature does not match the content",
            "unreadable": "[red]NOT A BADGE[/red]: no Open Badges credential found in the file"}


def run_verify_badge(args) -> int:
    """Checks a badge as any verifier can: the signature against the cached DID document, the dates,
    and (given or fetched) the signed status list. Exit 0 only for a valid badge."""
    document = json.loads(args.did_document.read_text(encoding="utf-8"))
    status_list = args.status_list.read_text(encoding="utf-8").strip() if args.status_list else None
    content = args.file.read_bytes()
    if args.fetch_status and status_list is None:
        status_list = _fetched_status_list(content, document)
    outcome, claims = check(content, document, datetime.now(timezone.utc), status_list)
    console.print(VERDICTS[outcome])
    subject = claims.get("credentialSubject") if isinstance(claims.get("credentialSubject"), dict) else {}
    achievement = subject.get("achievement") if isinstance(subject.get("achievement"), dict) else {}
    table = Table(show_header=False)
    for label, value in (("achievement", achievement.get("name")), ("type", achievement.get("achievementType")),
                         ("holder", ", ".join(str(i.get("identityHash")) for i in subject.get("identifier", [])
                                              if isinstance(i, dict))),
                         ("issuer", (claims.get("issuer") or {}).get("id") if isinstance(claims.get("issuer"), dict)
                          else claims.get("issuer")),
                         ("valid from", claims.get("validFrom")), ("valid until", claims.get("validUntil")),
                         ("status checked", "yes" if status_list else "no (offline: signature and dates only)")):
        if value:
            table.add_row(label, str(value))
    console.print(table)
    return 0 if outcome == "valid" else 1


def _fetched_status_list(content: bytes, document: dict) -> str | None:
    outcome, claims = check(content, document, datetime.now(timezone.utc))
    url = (claims.get("credentialStatus") or {}).get("statusListCredential") if outcome == "valid" else None
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None
    answer = urllib3.request("GET", url, timeout=10, redirect=False)
    if answer.status != 200:
        raise SystemExit(f"The status list at {url} answered {answer.status}.")
    return answer.data.decode("utf-8").strip()


def run_seed_demo(args) -> int:
    if in_production():
        console.print("[red]seed-demo refuses to run where BANZU_ENV is production: demo accounts and data "
                      "have no place there.[/red]")
        return 2
    if not args.password:
        raise SystemExit("Set BANZU_ADMIN_PASSWORD (or pass --password) to sign in.")
    demo_password = args.demo_password or seed.pick_password()
    with console.status("Adding demo data"):
        users = seed.seed(args.url, args.user, args.password, demo_password)
    if not users:
        return 1
    table = Table(title="Demo accounts")
    for column in ("roles", "user", "password"):
        table.add_column(column)
    for roles, username, made in users:
        table.add_row(roles, username, demo_password if made else "(there already: unchanged)")
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
