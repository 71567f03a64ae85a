"""Imported by the inspect_ai entry point: importing registers the tasks, solvers and scorer."""

# ruff: noqa: F401
from code3dbench.baselines.oracle import oracle
from code3dbench.baselines.providers import OfflineBaselineAPI
from code3dbench.reference3d.solver import image_to_mesh
from code3dbench.scorers.inspect_scorer import geometry_and_image
from code3dbench.solvers.agent import code_agent
from code3dbench.solvers.program_steps import generate_and_execute, revise
from code3dbench.solvers.reference import attach_reference
from code3dbench.tasks.image_to_3d import image_to_3d
from code3dbench.tasks.tasks import agent, revision, single_shot
