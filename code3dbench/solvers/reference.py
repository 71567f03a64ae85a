"""The task's setup step: put the sample's reference image into its prompt.

Samples carry the instruction and, in their metadata, where the reference image will be; the
image is prepared (read from the cache or rendered, see `code3dbench.assets.preparer`) when the
sample starts, and appended to the user message as a data URI. A reference that cannot be
prepared ends only its sample, before the model is asked anything: the reason is kept in the
store and the transcript, and the scorer reports the sample as an infrastructure fault.
"""

from __future__ import annotations

from inspect_ai.log import transcript
from inspect_ai.model import ChatMessageUser, Content, ContentImage
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import materialize_media, store_as

from code3dbench.assets.preparer import ReferencePreparer, ReferenceUnavailableError
from code3dbench.sandbox.views import ViewsStripError
from code3dbench.solvers.input_views import extra_views
from code3dbench.solvers.steps import CodeSteps


def _with_image(
    message: ChatMessageUser, image: str, extra: list[Content] | None = None
) -> ChatMessageUser:
    content = [message.content] if isinstance(message.content, str) else list(message.content)
    update = {"content": [*content, ContentImage(image=image), *(extra or [])]}
    return message.model_copy(update=update)


@solver
def attach_reference(preparer: ReferencePreparer, input_views: int = 1) -> Solver:
    """Prepare the sample's reference image and append it to the first user message.

    Args:
        preparer: Prepares the references of the task's manifest (shared by its samples).
        input_views: Views the model sees: the reference image, then the next pinned views
            (`code3dbench.solvers.input_views`); 1 is the benchmark as published.
    """

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        try:
            reference = await preparer.prepare(str(state.sample_id))
            extra = extra_views(reference.views, input_views)
        except (ReferenceUnavailableError, OSError, ViewsStripError) as err:
            store_as(CodeSteps).reference_error = str(err)
            transcript().info(
                f"**Reference unavailable**: {err}. The model was not asked; the sample is "
                "scored as an infrastructure fault.",
                source="code3dbench",
            )
            state.completed = True
            return state
        image = await materialize_media(str(reference.image), mime_type="image/png")
        index = next(i for i, m in enumerate(state.messages) if isinstance(m, ChatMessageUser))
        state.messages[index] = _with_image(state.messages[index], image, extra)
        return state

    return solve
