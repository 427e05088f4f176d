"""Command modules are imported only when needed: `civmon extract` pays for none of them."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
from click.testing import CliRunner

from civmon.cli import COMMAND_MODULES, cli


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_importing_the_cli_imports_no_command_module() -> None:
    loaded = _modules_after("import civmon.cli")
    assert not loaded & set(COMMAND_MODULES)
    assert not {"rich", "sqlalchemy", "fastapi", "matplotlib"} & {m.split(".")[0] for m in loaded}


@pytest.mark.parametrize("module", sorted(COMMAND_MODULES))
def test_each_module_names_its_commands(module: str) -> None:
    commands = importlib.import_module(module).COMMANDS
    assert tuple(c.name for c in commands) == COMMAND_MODULES[module]


@pytest.mark.parametrize(("name", "module"), [(n, m) for m, names in COMMAND_MODULES.items() for n in names])
def test_running_a_command_imports_only_its_module(name: str, module: str) -> None:
    code = f"from click.testing import CliRunner\nfrom civmon.cli import cli\nCliRunner().invoke(cli, ['{name}', '--help'])"
    loaded = _modules_after(code) & set(COMMAND_MODULES)
    assert loaded == {module}


def test_help_lists_the_commands_of_every_module() -> None:
    out = CliRunner().invoke(cli, ["--help"]).stdout
    listed = out.split("Examples:")[0]
    for names in COMMAND_MODULES.values():
        for name in names:
            assert f"  {name} " in listed


def test_an_unknown_command_is_still_an_error() -> None:
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.stderr
