"""The task ``code3dbench/image_to_3d``: an image-to-3D model as a scale reference.

The release of Code3DBench reports TRELLIS.2 (through fal) beside the code models: the same
reference image goes to an image-to-3D model, its mesh is scored with the same geometry and
image metrics, and execution is not applicable (no program). The report shows such runs as
reference rows, apart from the code models::

    export FAL_KEY=...
    inspect eval code3dbench/image_to_3d --model none -T per_category=5
"""

from __future__ import annotations

from inspect_ai import Task, task

from code3dbench.reference3d.fal import DEFAULT_ENDPOINT, FalSettings, fal_key
from code3dbench.reference3d.solver import image_to_mesh
from code3dbench.scorers.inspect_scorer import geometry_and_image
from code3dbench.tasks.defaults import FAIL_ON_ERROR
from code3dbench.tasks.tasks import task_samples

TASK_VERSION = 1


@task
def image_to_3d(
    endpoint: str = DEFAULT_ENDPOINT,
    fal_base_url: str | None = None,
    timeout_s: float = 900.0,
    attempts: int = 3,
    poll_s: float = 2.0,
    retry_pause_s: float = 5.0,
    dataset: str | None = None,
    categories: str | list[str] | None = None,
    per_category: int | None = None,
    shuffle: bool = False,
    seed: int = 0,
    images: bool = True,
    image_batch_size: int | None = None,
    artifacts_dir: str | None = None,
) -> Task:
    """The reference image to an image-to-3D model on fal; its mesh scored like a program's.

    Args:
        endpoint: The fal application (default ``fal-ai/trellis-2``, TRELLIS.2).
        fal_base_url: The queue's base URL (default: fal's own; tests point it at a fake).
        timeout_s: Seconds one attempt may take (queue, generation and download).
        attempts: Attempts per sample in all; after the last the sample errors.
        poll_s: Seconds between status polls.
        retry_pause_s: Pause before the first retry (doubled each time).
        dataset: 'benchmark' (default), 'builtin', or the path of a manifest.
        categories: Only these categories (comma-separated or a list).
        per_category: A stratified draw of N objects per category (seeded).
        shuffle: Shuffle the samples (seeded).
        seed: Seed of the draw and the shuffle.
        images: Compute image metrics.
        image_batch_size: Renders per LPIPS/CLIP pass (default as in single_shot).
        artifacts_dir: Host folder for each sample's mesh and render (default: beside the log).

    Raises:
        FalKeyMissingError: FAL_KEY is not set.
    """
    fal_key()  # stop before any sample when there is no key
    settings = FalSettings(endpoint, fal_base_url, timeout_s, attempts, poll_s, retry_pause_s)
    samples, setup = task_samples(
        dataset,
        categories,
        per_category,
        shuffle,
        seed,
        None,  # the samples' messages as in single_shot: the solver sends only the image
        None,
    )
    return Task(
        dataset=samples,
        setup=setup,
        solver=image_to_mesh(settings, artifacts_dir),
        scorer=geometry_and_image(1, images, image_batch_size),
        version=TASK_VERSION,
        fail_on_error=FAIL_ON_ERROR,
        metadata={
            "reference_model": f"fal/{endpoint}",
            "max_steps": 1,
            "image_to_3d": {"endpoint": endpoint, "attempts": attempts, "timeout_s": timeout_s},
        },
    )
