"""The ceiling: a program that rebuilds the ground-truth mesh exactly, run like any reply.

``oracle_program`` reads the ground-truth GLB on the host and writes a Three.js program in the
scaffold contract: one BufferGeometry per part with the exact float32 positions, normals and
indices (base64 in the program), and the part's material colour (textures are baked into
vertex colours). The ``code3dbench/oracle`` solver sends that program through the normal
extraction, sandbox execution and scoring path, so any shortfall from CD ~ 0 and F@5 ~ 1 is a
bug in export, normalization or scoring.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
from inspect_ai.model import ModelOutput
from inspect_ai.solver import Generate, Solver, TaskState, solver

from code3dbench.baselines.colour import srgb_to_linear
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.solvers.execution import ProgramExecutor
from code3dbench.solvers.program_steps import run_step

ORACLE_MODEL = "code3dbench/oracle"

PROGRAM_TEMPLATE = """\
// Oracle for {object_id}: the ground-truth mesh rebuilt exactly ({triangles} triangles).
const PARTS = {parts};

function decode(text, Type) {{
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new Type(bytes.buffer);
}}

function buildObject() {{
  const group = new THREE.Group();
  for (const part of PARTS) {{
    const geometry = new THREE.BufferGeometry();
    const vectors = (text) => new THREE.BufferAttribute(decode(text, Float32Array), 3);
    geometry.setAttribute('position', vectors(part.positions));
    if (part.normals) geometry.setAttribute('normal', vectors(part.normals));
    if (part.colors) geometry.setAttribute('color', vectors(part.colors));
    geometry.setIndex(new THREE.BufferAttribute(decode(part.indices, Uint32Array), 1));
    const material = new THREE.MeshStandardMaterial({{
      color: new THREE.Color().setRGB(part.color[0], part.color[1], part.color[2]),
      vertexColors: Boolean(part.colors),
      metalness: part.metalness,
      roughness: part.roughness,
      opacity: part.opacity,
      transparent: part.opacity < 1,
      side: part.doubleSided ? THREE.DoubleSide : THREE.FrontSide,
    }});
    group.add(new THREE.Mesh(geometry, material));
  }}
  return group;
}}
"""


def _b64(array: np.ndarray, dtype: type) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def _material(visual: Any) -> dict[str, Any]:
    material = getattr(visual, "material", None)
    factor = getattr(material, "baseColorFactor", None)
    rgba = np.asarray(factor if factor is not None else (255, 255, 255, 255), dtype=float) / 255
    metallic = getattr(material, "metallicFactor", None)
    roughness = getattr(material, "roughnessFactor", None)
    return {
        # glTF colour factors are linear, which is three's working colour space.
        "color": [round(float(v), 6) for v in rgba[:3]],
        "opacity": round(float(rgba[3]), 6),
        "metalness": float(metallic) if metallic is not None else 0.0,
        "roughness": float(roughness) if roughness is not None else 1.0,
        "doubleSided": bool(getattr(material, "doubleSided", False)),
    }


def _vertex_colours(mesh: trimesh.Trimesh) -> np.ndarray | None:
    """Per-vertex linear RGB: the file's COLOR_0, or the texture sampled at each vertex's UV."""
    visual = mesh.visual
    if visual.kind == "texture" and getattr(visual, "uv", None) is not None:
        has_texture = getattr(visual.material, "baseColorTexture", None) is not None
        if not has_texture:
            return None
        colours = visual.to_color().vertex_colors[:, :3].astype(float)
        return srgb_to_linear(colours)
    if visual.kind == "vertex":
        return np.asarray(visual.vertex_colors[:, :3], dtype=float) / 255.0
    return None


def _part(mesh: trimesh.Trimesh) -> dict[str, Any]:
    part = {
        "positions": _b64(mesh.vertices, np.float32),
        "indices": _b64(mesh.faces.reshape(-1), np.uint32),
        "normals": _b64(mesh.vertex_normals, np.float32),
        "colors": None,
        **_material(mesh.visual),
    }
    colours = _vertex_colours(mesh)
    if colours is not None:
        part["colors"] = _b64(colours, np.float32)
        part["color"] = [1.0, 1.0, 1.0]
    return part


def oracle_program(glb: Path, object_id: str = "the object") -> str:
    """A program in the scaffold contract that rebuilds a GLB's meshes exactly."""
    scene = trimesh.load(glb, force="scene", process=False)
    meshes = [g for g in scene.dump(concatenate=False) if isinstance(g, trimesh.Trimesh)]
    meshes = [m for m in meshes if len(m.faces)]
    if not meshes:
        raise ValueError(f"{glb}: no triangles to rebuild")
    parts = [_part(mesh) for mesh in meshes]
    return PROGRAM_TEMPLATE.format(
        object_id=object_id,
        triangles=sum(len(m.faces) for m in meshes),
        parts=json.dumps(parts),
    )


def oracle_reply(glb: Path, object_id: str) -> str:
    """The oracle's reply: one fenced program, like a model's."""
    return f"```javascript\n{oracle_program(glb, object_id)}```\n"


@solver
def oracle(
    limits: ExecutionLimits | None = None,
    artifacts_dir: str | None = None,
    execution_concurrency: int | None = None,
) -> Solver:
    """The ceiling: reply with the exact ground-truth program, then execute and record it.

    Use with any task: ``inspect eval code3dbench/single_shot --solver code3dbench/oracle
    --model mockllm/model`` (the model is never called).

    Args:
        limits: Execution limits (the benchmark defaults when None).
        artifacts_dir: Host folder for the step's files (default: beside the log).
        execution_concurrency: Programs executing at once (default: CPU cores).
    """
    executor = ProgramExecutor.create(limits, artifacts_dir, execution_concurrency)

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        reply = oracle_reply(Path(state.metadata["ground_truth"]), str(state.sample_id))

        async def answer(state: TaskState, **_: Any) -> TaskState:
            state.output = ModelOutput.from_content(model=ORACLE_MODEL, content=reply)
            state.messages.append(state.output.message)
            return state

        await run_step(state, answer, 1, executor)
        return state

    return solve
