"""Options and error handling shared by the subcommands that scan (writing their reports:
:mod:`kmslint.commands.outputs`)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

import click

from kmslint.commands.outputs import check_outputs, redacted
from kmslint.errors import Diagnostic, DiagnosticsError, InputError

MAX_HORIZON_MONTHS = 120  # as kmslint.scan (not imported here: it would load the whole scan)
MAX_MONTH_DAYS = 31

F = TypeVar("F", bound=Callable[..., Any])


class _Dataclass(Protocol):
    __dataclass_fields__: ClassVar[dict[str, Any]]


OptionsT = TypeVar("OptionsT", bound=_Dataclass)


def options_from(options_type: type[OptionsT], kwargs: dict[str, Any]) -> OptionsT:
    """A command's typed options (a dataclass) from click's keyword arguments.

    Each field takes the click parameter of the same name; the scan options, which every
    scanning command shares, come from :func:`scan_options_from` instead.
    """
    names = [f.name for f in fields(options_type)]
    return options_type(**{name: kwargs[name] for name in names})


EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


ORDER_KEY = "kmslint.variable_order"


class _InOrder(click.Option):
    """Records each occurrence of ``--var`` / ``--var-file`` so they apply in command-line
    order, as Terraform applies them."""

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        super().add_to_parser(parser, ctx)
        for name in self.opts:
            option = parser._long_opt.get(name) or parser._short_opt.get(name)
            if option is None:
                continue
            original = option.process

            def process(value: Any, state: Any, original: Any = original) -> None:
                ctx.meta.setdefault(ORDER_KEY, []).append(self.name)
                original(value, state)

            option.process = process


class FormatChoice(click.Choice):  # type: ignore[type-arg]
    """A ``click.Choice`` of the registered formats, read when used (formats can be added)."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self) -> tuple[str, ...]:
        from kmslint.formatters import FORMATS

        return tuple(FORMATS)

    @choices.setter
    def choices(self, _value: Any) -> None:
        pass


class FormatOption(click.Option):
    """``--format``: a choice of the registered formats, checked before anything is scanned."""

    def __init__(self, *args: Any, default_format: str = "text", **kwargs: Any) -> None:
        kwargs.setdefault("type", FormatChoice())
        kwargs.setdefault("metavar", "FORMAT")
        kwargs.setdefault("help", "Output format; repeat with --output for several.")
        super().__init__(*args, **kwargs)
        self.default_format = default_format

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from kmslint.formatters import FORMATS

        names = ", ".join(FORMATS)
        self.help = (
            f"Output format (default {self.default_format}): {names}; "
            "repeat with --output for several."
        )
        return super().get_help_record(ctx)


def _variable_order(kwargs: dict[str, Any]) -> list[tuple[str, Any]] | None:
    """``("var", (name, value))`` and ``("var-file", path)`` in the order they were given."""
    from kmslint.terraform.variables import parse_var_assignment

    context = click.get_current_context(silent=True)
    order = context.meta.get(ORDER_KEY) if context is not None else None
    if not order:
        return None
    values = {"variables": iter(kwargs["variables"]), "var_files": iter(kwargs["var_files"])}
    entries: list[tuple[str, Any]] = []
    for name in order:
        value = next(values[name], None)
        if value is None:
            return None
        entries.append(
            ("var", parse_var_assignment(value)) if name == "variables" else ("var-file", value)
        )
    return entries


def scan_options(function: F) -> F:
    """The options every scanning command takes (SPEC.md "Commands")."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option(
            "--usage-file",
            type=click.Path(path_type=Path),
            help="Usage assumptions (default: kmslint-usage.yml beside the scanned files).",
        ),
        click.option(
            "--var",
            "variables",
            cls=_InOrder,
            multiple=True,
            metavar="NAME=VALUE",
            help="Set a Terraform root variable.",
        ),
        click.option(
            "--var-file",
            "var_files",
            cls=_InOrder,
            multiple=True,
            type=click.Path(path_type=Path),
            help="Terraform variables file.",
        ),
        click.option(
            "--parameter",
            "parameters",
            multiple=True,
            metavar="NAME=VALUE",
            help="Set a ROS template parameter.",
        ),
        click.option(
            "--region", help="Region for keys whose provider sets none (and for ROS stacks)."
        ),
        click.option(
            "--horizon",
            "horizon_months",
            type=click.IntRange(1, MAX_HORIZON_MONTHS),
            help=f"Months to project, 1..{MAX_HORIZON_MONTHS} (default 12).",
        ),
        click.option(
            "--month-days",
            type=click.IntRange(1, MAX_MONTH_DAYS),
            help=f"Days in a billing month, 1..{MAX_MONTH_DAYS} (default 30, as the KMS documentation).",
        ),
        click.option("--format", "formats", multiple=True, cls=FormatOption),
        click.option(
            "--output",
            "outputs",
            multiple=True,
            type=click.Path(path_type=Path, allow_dash=True),
            help="File for the --format in the same position (- for stdout); one per --format.",
        ),
        click.option(
            "--quiet",
            "-q",
            is_flag=True,
            help="Text output: only the findings and one cost line (what a pre-commit hook prints).",
        ),
        click.option(
            "--color/--no-color",
            default=None,
            help="Colour the text output (default: on a terminal; FORCE_COLOR / NO_COLOR decide too).",
        ),
        click.option(
            "--exclude",
            "excludes",
            multiple=True,
            metavar="PATTERN",
            help="Skip paths matching this gitignore-style pattern (repeatable; also exclude: in .kmslint.yaml).",
        ),
        click.option(
            "--no-gitignore",
            is_flag=True,
            help="Scan paths that .gitignore files exclude (honoured by default in a git work tree).",
        ),
        click.option(
            "--as-of",
            "as_of",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="Date (YYYY-MM-DD) at which keys a plan's prior state shows already exist are "
            "priced, for the versions their rotation has accumulated (default: today).",
        ),
        click.option("--no-cache", is_flag=True, help="Do not read or write the parse cache."),
        click.option(
            "--trusted-config-from",
            "trusted_config_from",
            metavar="GITREF",
            help="Read .kmslint.yaml files, their rules_dir and baseline from this git ref (the "
            "pull request's base), never from the scanned tree.",
        ),
        *jail_options(),
        click.option(
            "--no-prefilter",
            is_flag=True,
            hidden=True,
            help="Parse every module, even those that cannot reach a KMS key.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def jail_options() -> list[Callable[[F], F]]:
    """The options that open the scan-root jail or close the environment (SECURITY.md)."""
    return [
        click.option(
            "--allow-outside-root",
            is_flag=True,
            help="Read files outside the scan root (git work tree) when a file points there.",
        ),
        click.option(
            "--no-env-vars",
            is_flag=True,
            help="Ignore TF_VAR_* environment variables (for untrusted pull requests).",
        ),
    ]


def policy_options(function: F) -> F:
    """The options of the commands that apply the policy rules (check, diff)."""
    options = [
        click.option(
            "--config",
            "config_file",
            type=click.Path(path_type=Path),
            envvar="KMSLINT_CONFIG",
            help="Config file, the pipeline's own (also $KMSLINT_CONFIG); default: .kmslint.yaml "
            "in the scanned directory or a parent up to the git root.",
        ),
        click.option(
            "--rules-dir",
            "rules_dirs",
            multiple=True,
            type=click.Path(path_type=Path),
            help="Directory of custom rule YAML files (repeatable).",
        ),
        click.option(
            "--show-suppressed", is_flag=True, help="Also show suppressed and baselined findings."
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def scan_options_from(kwargs: dict[str, Any]) -> Any:
    """The scan's options; the outputs are checked first, so a bad one fails before the scan."""
    from kmslint import safeio
    from kmslint.scan import ScanOptions
    from kmslint.terraform.variables import parse_var_assignment

    check_outputs(tuple(kwargs.get("formats", ())), tuple(kwargs.get("outputs", ())))
    parameters = dict(_assignment(p, "--parameter") for p in kwargs["parameters"])
    paths = list(kwargs["paths"]) or [Path(".")]
    safeio.confine(paths, bool(kwargs.get("allow_outside_root")))
    if kwargs.get("config_file"):
        safeio.name_by_pipeline(kwargs["config_file"])
    if kwargs.get("trusted_config_from"):
        _trust_config_from(kwargs["trusted_config_from"], paths, kwargs.get("config_file"))
    return ScanOptions(
        paths=paths,
        usage_file=kwargs["usage_file"],
        var_files=list(kwargs["var_files"]),
        variables=[parse_var_assignment(v) for v in kwargs["variables"]],
        variable_order=_variable_order(kwargs),
        as_of=kwargs["as_of"].date() if kwargs.get("as_of") else None,
        parameters=parameters,
        region=kwargs["region"],
        horizon_months=kwargs["horizon_months"],
        month_days=kwargs["month_days"],
        use_cache=not kwargs["no_cache"],
        excludes=list(kwargs.get("excludes", ())),
        gitignore=not kwargs.get("no_gitignore", False),
        prefilter=not kwargs.get("no_prefilter", False),
        env_vars=not kwargs.get("no_env_vars", False),
    )


def _trust_config_from(ref: str, paths: list[Path], config_file: Path | None) -> None:
    """Copy the ref's policy files and answer every config lookup from them (SECURITY.md)."""
    import tempfile

    from kmslint import gitref, trustedtree

    if config_file is not None:
        raise click.UsageError(
            "use either --config (or KMSLINT_CONFIG) or --trusted-config-from, not both"
        )
    root = Path(os.path.realpath(tempfile.mkdtemp(prefix="kmslint-trusted-")))
    try:
        tree = gitref.trusted_tree(paths[0], ref, root)
    except BaseException:
        import shutil

        shutil.rmtree(root, ignore_errors=True)
        raise
    trustedtree.activate(tree)


def _assignment(text: str, option: str) -> tuple[str, str]:
    if "=" not in text or not text.split("=", 1)[0].strip():
        raise InputError(option, None, f"expected NAME=VALUE, got {text!r}")
    name, value = text.split("=", 1)
    return name.strip(), value


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(redacted(diagnostic.render()), err=True)


def guarded(function: F) -> F:
    """Turn bad input into ``path:line: message`` + exit 2, and never show a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kmslint import redact, safeio

        try:
            return function(*args, **kwargs)
        except InputError as exc:
            print_diagnostics([exc.diagnostic])
            sys.exit(EXIT_ERROR)
        except DiagnosticsError as exc:
            print_diagnostics(exc.diagnostics)
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except RecursionError:
            click.echo("kmslint: input is nested too deeply", err=True)
            sys.exit(EXIT_ERROR)
        except MemoryError:
            click.echo("kmslint: out of memory while reading the input", err=True)
            sys.exit(EXIT_ERROR)
        except Exception as exc:
            if os.environ.get("KMSLINT_DEBUG"):
                raise
            click.echo(
                f"kmslint: internal error: {type(exc).__name__}: {exc} (set KMSLINT_DEBUG=1 for details)",
                err=True,
            )
            sys.exit(EXIT_ERROR)
        finally:
            from kmslint import trustedtree

            safeio.release()
            redact.reset()
            trustedtree.reset()

    return wrapper  # type: ignore[return-value]
