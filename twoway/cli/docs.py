"""Write the CLI reference from the commands' own help: `python -m twoway.cli.docs > docs/cli.md`.

Generated, so it cannot drift from the code; tests/cli/test_store_docs.py fails
when a command is missing from docs/cli.md or the file is out of date.
"""

from __future__ import annotations

import click

#: Help is wrapped at this width, whatever the terminal, so the output is stable.
WIDTH = 80


def _help(command: click.Command, name: str, parent: click.Context | None) -> str:
    ctx = click.Context(
        command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH
    )
    return command.get_help(ctx)


def render() -> str:
    """The whole reference as Markdown: the group's help, then one section per command."""
    from twoway.cli import cli

    root = click.Context(
        cli,
        info_name="twoway",
        terminal_width=WIDTH,
        max_content_width=WIDTH,
        help_option_names=cli.context_settings.get("help_option_names", ["--help"]),
    )
    parts = [
        "# The twoway command line",
        "",
        "Generated from `--help` by `python -m twoway.cli.docs > docs/cli.md`; "
        "edit the commands' help, not this file.",
        "",
        "```",
        cli.get_help(root),
        "```",
    ]
    for name in cli.list_commands(root):
        command = cli.get_command(root, name)
        if command is None or command.hidden:
            continue
        parts += ["", f"## twoway {name}", "", "```", _help(command, name, root), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    click.echo(render(), nl=False)
