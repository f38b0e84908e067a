"""The ``kmslint`` command: wires the subcommands together, nothing else.

Subcommands are imported lazily so that ``kmslint --version`` imports no parser.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import click

from kmslint import __version__

SUBCOMMANDS = {
    "cache": "kmslint.commands.cache:cache",
    "check": "kmslint.commands.check:check",
    "comment": "kmslint.commands.comment:comment",
    "diff": "kmslint.commands.diff:diff",
    "estimate": "kmslint.commands.estimate:estimate",
    "merge": "kmslint.commands.merge:merge",
    "migrate": "kmslint.commands.migrate:migrate",
    "rules": "kmslint.commands.rules:rules",
    "usage": "kmslint.commands.usage:usage",
}

ASSUMPTIONS_HELP = """
Shell completion: eval "$(_KMSLINT_COMPLETE=bash_source kmslint)" in ~/.bashrc (zsh_source in
~/.zshrc, fish_source for fish).

Assumptions (also in every report): a month is 30 days; the 2,000-version advanced-HSM tier is
counted account-wide; GetPublicKey is billed; international-site USD prices; disabled keys are
billed; old key versions are never deleted.
"""


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command: click.Command = getattr(import_module(module_name), attribute)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown sub-command fails with the closest one named (``chek`` -> ``check``)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in SUBCOMMANDS:
            import difflib

            close = difflib.get_close_matches(name, list(SUBCOMMANDS), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint} (commands: {', '.join(SUBCOMMANDS)})")
        return super().resolve_command(ctx, args)


@click.group(
    cls=LazyGroup, epilog=ASSUMPTIONS_HELP, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", "-V", prog_name="kmslint")
def cli() -> None:
    """kmslint: a cost linter for Alibaba Cloud KMS keys in Terraform and ROS templates."""


def main(args: Any = None) -> None:
    cli.main(args=args, prog_name="kmslint")
