"""Optional backend on PyTorch3D: `sample_points_from_meshes` and `knn_points`.

PyPI has no usable Linux build of PyTorch3D; install it from source or conda
(https://github.com/facebookresearch/pytorch3d/blob/main/INSTALL.md). This module
imports `torch` and `pytorch3d` only when a `PyTorch3DBackend` is created, so the
package never requires them. The metric definitions are shared with the CPU
backend (`metrics.py`); only sampling and nearest neighbours run in PyTorch3D, in
float32 on the GPU when one is available.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np

from code3dbench.scorers.geometry.backends import NeighbourIndex, Neighbours
from code3dbench.scorers.geometry.errors import BackendUnavailableError
from code3dbench.scorers.geometry.mesh import TriangleMesh
from code3dbench.scorers.geometry.sampling import SurfaceSamples

_INSTALL_HINT = (
    "PyTorch3D is not importable here ({error}); install it from source or conda "
    "(see docs/geometry.md), or use the default backend 'cpu'"
)


def pytorch3d_available() -> bool:
    """Whether `torch` and `pytorch3d.ops` import here."""
    try:
        _import_modules()
    except BackendUnavailableError:
        return False
    return True


def _import_modules() -> tuple[ModuleType, ModuleType, ModuleType]:
    """Import and return (torch, pytorch3d.ops, pytorch3d.structures)."""
    try:
        torch = importlib.import_module("torch")
        ops = importlib.import_module("pytorch3d.ops")
        structures = importlib.import_module("pytorch3d.structures")
    # A PyTorch3D build that does not match the installed torch fails with OSError
    # (missing symbols in its compiled extension) rather than ImportError.
    except (ImportError, OSError) as exc:
        raise BackendUnavailableError(_INSTALL_HINT.format(error=exc)) from exc
    return torch, ops, structures


@dataclass(frozen=True)
class _KnnIndex:
    backend: PyTorch3DBackend
    reference: Any  # torch.Tensor of shape (1, M, 3)

    def query(self, points: np.ndarray) -> Neighbours:
        queries = self.backend.to_tensor(points)[None]
        knn = self.backend.ops.knn_points(queries, self.reference, K=1)
        squared = knn.dists[0, :, 0].double().cpu().numpy()
        indices = knn.idx[0, :, 0].cpu().numpy()
        return Neighbours(distances=np.sqrt(np.maximum(squared, 0.0)), indices=indices)


@dataclass(frozen=True)
class PyTorch3DBackend:
    """Sampling with `pytorch3d.ops.sample_points_from_meshes`, neighbours with `knn_points`.

    Attributes:
        device: Torch device name; None picks "cuda" when available, else "cpu".
    """

    device: str | None = None
    torch: ModuleType = field(init=False, repr=False)
    ops: ModuleType = field(init=False, repr=False)
    structures: ModuleType = field(init=False, repr=False)
    torch_device: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        torch, ops, structures = _import_modules()
        object.__setattr__(self, "torch", torch)
        object.__setattr__(self, "ops", ops)
        object.__setattr__(self, "structures", structures)
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        object.__setattr__(self, "torch_device", torch.device(device))

    @property
    def name(self) -> str:
        """Always "pytorch3d"."""
        return "pytorch3d"

    def to_tensor(self, array: np.ndarray) -> Any:
        """Copy an (N, 3) array to a float32 tensor on this backend's device."""
        return self.torch.as_tensor(
            np.ascontiguousarray(array), dtype=self.torch.float32, device=self.torch_device
        )

    def sample(
        self, mesh: TriangleMesh, n_samples: int, seed: np.random.SeedSequence
    ) -> SurfaceSamples:
        """Sample with PyTorch3D under a torch seed derived from `seed`.

        The global torch generator is forked, so the caller's random state is left
        as it was. The points differ from the CPU backend's (another generator), so
        the two backends agree only within sampling noise on their own samples.
        """
        torch = self.torch
        meshes = self.structures.Meshes(
            verts=[self.to_tensor(mesh.vertices)],
            faces=[torch.as_tensor(mesh.faces, dtype=torch.int64, device=self.torch_device)],
        )
        cuda_devices = []
        if self.torch_device.type == "cuda":
            cuda_devices = [
                self.torch_device.index
                if self.torch_device.index is not None
                else torch.cuda.current_device()
            ]
        torch_seed = int(seed.generate_state(1, dtype=np.uint32)[0])
        with torch.random.fork_rng(devices=cuda_devices):
            torch.manual_seed(torch_seed)
            points, normals = self.ops.sample_points_from_meshes(
                meshes, num_samples=n_samples, return_normals=True
            )
        return SurfaceSamples(
            points=points[0].double().cpu().numpy(), normals=normals[0].double().cpu().numpy()
        )

    def index(self, points: np.ndarray) -> NeighbourIndex:
        """Keep the reference points on the device for brute-force `knn_points`."""
        return _KnnIndex(backend=self, reference=self.to_tensor(points)[None])
