"""Per-triangle geometry shared by normalization and sampling."""

from __future__ import annotations

import numpy as np


def triangle_cross_products(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Cross product of each triangle's two edges from its first vertex.

    Its length is twice the triangle's area and its direction the face normal
    (counter-clockwise winding), so one array serves both.

    Args:
        vertices: Vertex positions, shape (V, 3).
        faces: Vertex indices of each triangle, shape (F, 3).

    Returns:
        Array of shape (F, 3), float64.
    """
    first = vertices[faces[:, 0]]
    edge_a = vertices[faces[:, 1]] - first
    edge_b = vertices[faces[:, 2]] - first
    del first
    # Written out: about twice as fast as np.cross on millions of rows.
    cross = np.empty_like(edge_a)
    cross[:, 0] = edge_a[:, 1] * edge_b[:, 2] - edge_a[:, 2] * edge_b[:, 1]
    cross[:, 1] = edge_a[:, 2] * edge_b[:, 0] - edge_a[:, 0] * edge_b[:, 2]
    cross[:, 2] = edge_a[:, 0] * edge_b[:, 1] - edge_a[:, 1] * edge_b[:, 0]
    return cross


def doubled_areas(cross_products: np.ndarray) -> np.ndarray:
    """Length of each cross product, i.e. twice each triangle's area, shape (F,)."""
    return np.sqrt(np.einsum("ij,ij->i", cross_products, cross_products))
