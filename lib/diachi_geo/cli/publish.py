"""``diachi-geo publish``: send the confirmed points of a session to a map service
(WFS-T or OGC API Features), after showing what would change."""
from __future__ import annotations

import argparse
import sys

from ..errors import ConfigError
from ..fields import PERSONAL_FIELDS
from .options import Subcommands

__all__ = ["add_parser", "run"]


def add_parser(sub: Subcommands) -> None:
    """Add ``publish`` to the subcommands ``sub``."""
    pub = sub.add_parser("publish", help="send the confirmed points of a session to a map "
                         "service (WFS-T or OGC API Features); a dry run first")
    pub.set_defaults(run=run)
    pub.add_argument("session", help="a review session GeoPackage")
    pub.add_argument("--profiles", required=True, help="TOML file with [profiles.NAME]")
    pub.add_argument("--profile", required=True, help="which profile to publish with")
    pub.add_argument("--dry-run", action="store_true", help="show what would change; send "
                     "nothing")
    pub.add_argument("--yes", action="store_true", help="publish without asking (batch runs)")
    pub.add_argument("--include", action="append", default=[], metavar="FIELD",
                     help="also send this personal field (owner_name, owner_phone, "
                          "owner_email); never sent otherwise")
    pub.add_argument("--include-unconfirmed", action="store_true",
                     help="also points no checker has confirmed (warned)")
    pub.add_argument("--delete-withdrawn", action="store_true",
                     help="delete from the service what this profile published before and "
                          "is no longer confirmed")


def run(args: argparse.Namespace) -> int:
    """Plan, show, confirm and publish; the exit status (2 when some points failed)."""
    # here, not at the top: every other command starts without the HTTP stack
    from ..publish import adopt, client_for, execute, leaving_fields, load_profile, plan

    unknown = [f for f in args.include if f not in PERSONAL_FIELDS]
    if unknown:
        raise ConfigError.coded("include_personal_only", known=list(PERSONAL_FIELDS),
                                names=unknown)
    profile = load_profile(args.profiles, args.profile)
    client = client_for(profile)
    the_plan = plan(args.session, profile, client, include_personal=tuple(args.include),
                    include_unconfirmed=args.include_unconfirmed,
                    delete_withdrawn=args.delete_withdrawn)
    fields = leaving_fields(profile, tuple(args.include))
    print(f"{profile.name}: {profile.url} ({profile.protocol}), "
          f"{', '.join(profile.targets())}")
    print(f"fields that leave this machine: {', '.join(fields)}")
    if profile.insecure:
        print(f"warning: {profile.url} is plain http (allow_insecure_http): the token and the "
              "points travel in clear text")
    print(f"coordinates are sent with {profile.coordinate_decimals} decimals of a degree")
    if the_plan.interrupted:
        print(f"an earlier run stopped before it finished ({', '.join(the_plan.interrupted)}):"
              " this run resumes it; what the service already holds is not sent again")
    counts = the_plan.counts()
    print("new {new}, changed {changed}, unchanged {unchanged}, to delete {delete}".format(
        **{k: counts.get(k, 0) for k in ("new", "changed", "unchanged", "delete")}))
    for (commune, category), row in sorted(the_plan.by_commune_and_category().items()):
        print(f"  {commune or '-':<8} {category or '-':<22} new {row['new']:>5}  "
              f"changed {row['changed']:>5}  unchanged {row['unchanged']:>5}")
    for kind, record in the_plan.sample():
        print(f"  e.g. {kind}: {record.stable_id} {record.properties.get('name', '')}")
    unknown = the_plan.unknown()
    if unknown:
        print(f"on the service but not in the journal: {len(unknown)} (a run stopped after "
              f"sending), e.g. {', '.join(unknown[:5])}; recorded as published when this "
              "run goes on")
    if args.dry_run or not (counts.get("new") or counts.get("changed") or counts.get("delete")):
        if unknown and not args.dry_run:
            print(f"recorded {adopt(the_plan, args.session)} feature(s) in the journal")
        print("nothing sent" if args.dry_run else "the service is up to date")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise ConfigError.coded("publish_needs_yes")
        if input("Publish? [y/N] ").strip().lower() not in ("y", "yes", "c", "co", "có"):
            print("nothing sent")
            return 0

    def bar(done: int, total: int) -> None:
        """Redraw the progress bar on stderr."""
        filled = int(30 * done / max(total, 1))
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="",
              file=sys.stderr, flush=True)

    report = execute(the_plan, client, args.session, progress=bar)
    print(file=sys.stderr)
    print(f"sent {report['sent']}, verified {report['verified']}, deleted {report['deleted']},"
          f" failed {len(report['failed'])}")
    for problem in report["failed"][:20]:
        print(f"  {problem}")
    return 0 if not report["failed"] else 2
