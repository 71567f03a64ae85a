"""An eval-set recipe (``paper.yaml``): tasks, models per route, settings per family, commands.

`load_recipe` reads a recipe file (default: the paper's, shipped in this package);
`eval_set_commands` turns it into the exact ``inspect eval-set`` command lines, one per model
family (a command's generation flags apply to all of its models, and each family has its own
settings); `sample_count` says how many samples each task will run.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from code3dbench.assets.locations import resolve_manifest
from code3dbench.tasks.dataset import parse_categories, select_records

PAPER_RECIPE = "paper.yaml"
ROUTES = ("openrouter", "direct")


class RecipeTask(BaseModel):
    """One task of the recipe."""

    name: str
    """Registry name, e.g. ``code3dbench/revision``."""
    steps: int
    """Model calls per sample (the step budget N; every step runs)."""


class Family(BaseModel):
    """A model family's provider key and generation settings."""

    key: str
    """Environment variable of the provider's key (route ``direct``)."""
    settings: dict[str, str | int | float]
    """``inspect eval-set`` flags without the dashes, e.g. ``max-tokens: 32000``."""


class RecipeModel(BaseModel):
    """One model, by the paper's name and its ids per route."""

    published: str
    """The name in the paper's table."""
    family: str
    """Its family (a key of ``families``)."""
    direct: str
    """The Inspect model id through the provider's own API (also the price table's key)."""
    openrouter: str
    """The Inspect model id through OpenRouter."""


class Route(BaseModel):
    """How models are reached."""

    key: str | None = None
    """One key for every model (OpenRouter's), or None: each family's own."""


class Recipe(BaseModel):
    """An eval-set recipe."""

    name: str
    tasks: list[RecipeTask]
    task_args: dict[str, Any]
    """``-T`` arguments of every task."""
    log_dir: str
    report_dir: str
    eval_set_options: dict[str, str | int | float]
    """Other ``inspect eval-set`` flags without the dashes."""
    routes: dict[str, Route]
    families: dict[str, Family]
    models: list[RecipeModel]

    def model_id(self, model: RecipeModel, route: str) -> str:
        """The model's Inspect id on ``route``."""
        return model.openrouter if route == "openrouter" else model.direct

    def keys(self, route: str) -> list[str]:
        """The environment variables a run on ``route`` needs."""
        shared = self.routes[route].key
        return [shared] if shared else sorted({self.families[m.family].key for m in self.models})


def load_recipe(path: str | Path | None = None) -> Recipe:
    """Read a recipe (default: the paper's, ``code3dbench/recipes/paper.yaml``)."""
    if path is None:
        text = resources.files("code3dbench.recipes").joinpath(PAPER_RECIPE).read_text()
    else:
        text = Path(path).read_text(encoding="utf-8")
    return Recipe.model_validate(yaml.safe_load(text))


@dataclass(frozen=True)
class EvalSetCommand:
    """One ``inspect eval-set`` command: a family's models on every task."""

    family: str
    models: list[str]
    log_dir: str
    argv: list[str]

    def shell(self) -> str:
        """The command as it would be typed."""
        return shlex.join(self.argv)


def _flag(name: str, value: object) -> list[str]:
    return [f"--{name}", str(value)]


def eval_set_commands(
    recipe: Recipe, route: str, log_dir: str, task_args: dict[str, Any], options: dict[str, Any]
) -> list[EvalSetCommand]:
    """One command per family, its logs in ``log_dir/<family>``.

    Args:
        recipe: The recipe.
        route: ``openrouter`` or ``direct``.
        log_dir: The folder of the eval sets' log folders.
        task_args: ``-T`` arguments (the recipe's, with overrides already merged).
        options: ``inspect eval-set`` flags (the recipe's, with overrides such as ``limit``).
    """
    commands = []
    for family, settings in recipe.families.items():
        models = [recipe.model_id(m, route) for m in recipe.models if m.family == family]
        if not models:
            continue
        folder = f"{log_dir.rstrip('/')}/{family}"
        argv = ["inspect", "eval-set", *(t.name for t in recipe.tasks)]
        argv += ["--model", ",".join(models), "--log-dir", folder]
        for name, value in task_args.items():
            argv += ["-T", f"{name}={value}"]
        for name, value in {**options, **settings.settings}.items():
            argv += _flag(name, value)
        commands.append(EvalSetCommand(family, models, folder, argv))
    return commands


def sample_count(task_args: dict[str, Any], limit: int | None = None) -> int:
    """Samples per task for these task arguments (the tasks' own selection), after ``limit``."""
    manifest = resolve_manifest(task_args.get("dataset"))
    records = select_records(
        manifest,
        parse_categories(task_args.get("categories")),
        task_args.get("per_category"),
        bool(task_args.get("shuffle", False)),
        int(task_args.get("seed", 0)),
    )
    return min(len(records), limit) if limit is not None else len(records)
