// Validates, in Node, the plain data read from the execution page. Nothing from that page is
// trusted: sizes, index bounds, finiteness and materials are all checked here before the render
// page ever sees the data.

const MAX_TEXTURE_DATA_URL = 8 * 1024 * 1024;
const MAX_NAME = 200;

export class ValidationFailure extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function decode(b64, Type, what) {
  if (typeof b64 !== 'string') throw new ValidationFailure('invalid_geometry', `${what} is missing`);
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.byteLength % Type.BYTES_PER_ELEMENT !== 0) {
    throw new ValidationFailure('invalid_geometry', `${what} has a truncated buffer`);
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Type(copy.buffer);
}

function finiteColor(value, fallback) {
  if (!Array.isArray(value) || value.length !== 3) return fallback;
  return value.every((c) => Number.isFinite(c)) ? value.map((c) => Math.max(0, c)) : fallback;
}

function finiteNumber(value, fallback, min = -Infinity, max = Infinity) {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function sanitizeMaterial(m) {
  const material = m && typeof m === 'object' ? m : {};
  const map = typeof material.map === 'string' && material.map.startsWith('data:image/png;base64,')
    && material.map.length <= MAX_TEXTURE_DATA_URL ? material.map : null;
  return {
    kind: material.kind === 'basic' ? 'basic' : 'standard',
    name: typeof material.name === 'string' ? material.name.slice(0, MAX_NAME) : '',
    color: finiteColor(material.color, [0.8, 0.8, 0.8]),
    emissive: finiteColor(material.emissive, [0, 0, 0]),
    emissiveIntensity: finiteNumber(material.emissiveIntensity, 1, 0, 100),
    metalness: finiteNumber(material.metalness, 0, 0, 1),
    roughness: finiteNumber(material.roughness, 1, 0, 1),
    opacity: finiteNumber(material.opacity, 1, 0, 1),
    transparent: material.transparent === true,
    side: [0, 1, 2].includes(material.side) ? material.side : 0,
    flatShading: material.flatShading === true,
    vertexColors: material.vertexColors === true,
    map,
    mapFlipY: material.mapFlipY !== false,
  };
}

function checkFinite(values) {
  let bad = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad++;
  return bad;
}

function triangleArea(p, a, b, c) {
  const ux = p[b * 3] - p[a * 3], uy = p[b * 3 + 1] - p[a * 3 + 1], uz = p[b * 3 + 2] - p[a * 3 + 2];
  const vx = p[c * 3] - p[a * 3], vy = p[c * 3 + 1] - p[a * 3 + 1], vz = p[c * 3 + 2] - p[a * 3 + 2];
  const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
  return 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
}

// Returns { parts, stats, notes } ready for the render page, or throws ValidationFailure.
export function validateExtraction(extraction, limits) {
  if (!extraction || !Array.isArray(extraction.parts)) {
    throw new ValidationFailure('invalid_output', 'the object could not be read');
  }
  const parts = [];
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let triangles = 0;
  let vertices = 0;
  let area = 0;
  const notes = Array.isArray(extraction.notes) ? extraction.notes.filter((n) => typeof n === 'string').slice(0, 50) : [];
  extraction.parts.forEach((raw, i) => {
    const name = typeof raw.name === 'string' && raw.name ? raw.name.slice(0, MAX_NAME) : `mesh #${i + 1}`;
    const label = `mesh "${name}"`;
    const positions = decode(raw.positions, Float32Array, `${label} positions`);
    const indices = decode(raw.indices, Uint32Array, `${label} indices`);
    if (positions.length % 3 !== 0 || indices.length % 3 !== 0) {
      throw new ValidationFailure('invalid_geometry', `${label}: position or index count is not a multiple of 3`);
    }
    const count = positions.length / 3;
    triangles += indices.length / 3;
    if (triangles > limits.maxTriangles) {
      throw new ValidationFailure('too_large', `the object has more than ${limits.maxTriangles} triangles`);
    }
    const badPositions = checkFinite(positions);
    if (badPositions) {
      throw new ValidationFailure('invalid_geometry',
        `${label}: ${badPositions} of ${positions.length} vertex coordinates are NaN or infinite (after world transforms)`);
    }
    for (let k = 0; k < indices.length; k++) {
      if (indices[k] >= count) {
        throw new ValidationFailure('invalid_geometry', `${label}: index ${indices[k]} points past its ${count} vertices`);
      }
    }
    for (let k = 0; k < count; k++) {
      for (let a = 0; a < 3; a++) {
        const v = positions[k * 3 + a];
        if (v < min[a]) min[a] = v;
        if (v > max[a]) max[a] = v;
      }
    }
    for (let k = 0; k < indices.length; k += 3) area += triangleArea(positions, indices[k], indices[k + 1], indices[k + 2]);
    const optional = (key, width) => {
      if (raw[key] === null || raw[key] === undefined) return null;
      const values = decode(raw[key], Float32Array, `${label} ${key}`);
      if (values.length !== count * width) throw new ValidationFailure('invalid_geometry', `${label}: ${key} do not match its vertices`);
      if (checkFinite(values)) {
        notes.push(`${label}: non-finite ${key} dropped`);
        return null;
      }
      return raw[key];
    };
    vertices += count;
    parts.push({
      name,
      positions: raw.positions,
      indices: raw.indices,
      normals: optional('normals', 3),
      colors: optional('colors', 3),
      uvs: optional('uvs', 2),
      material: sanitizeMaterial(raw.material),
    });
  });
  if (triangles === 0) throw new ValidationFailure('empty_geometry', 'the object has no triangles');
  if (!(area > 0)) {
    throw new ValidationFailure('empty_geometry', `all ${triangles} triangles have zero area`);
  }
  return { parts, notes, stats: { triangles, vertices, meshes: parts.length, surfaceArea: area, bbox: { min, max } } };
}
