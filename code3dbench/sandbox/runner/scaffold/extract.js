// Turns what buildObject() returned into plain, world-baked triangle data for the runner.
//
// Everything this module uses is captured when the module loads, before the program runs, so
// replacing globals or prototype methods afterwards does not change how the data is read.
// Whatever this page returns is validated again in Node and rebuilt in a separate page that never
// runs program code; the worst a tampering program can do here is change its own geometry.

const apply = Reflect.apply;
const isPrototypeOf = Object.prototype.isPrototypeOf;
const isArray = Array.isArray;
const defineProperty = Object.defineProperty;
const strSlice = String.prototype.slice;
const F32 = Float32Array;
const U32 = Uint32Array;
const I32 = Int32Array;
const U8 = Uint8Array;
const u8Subarray = Uint8Array.prototype.subarray;
const i32Fill = Int32Array.prototype.fill;
const fromCharCode = String.fromCharCode;
const toBase64 = window.btoa.bind(window);
const finite = Number.isFinite;
const mathMin = Math.min;
const mathMax = Math.max;
const mathFloor = Math.floor;
const mathSqrt = Math.sqrt;
const globalEval = window.eval;
const createElement = Document.prototype.createElement;
const doc = document;
const getContext = HTMLCanvasElement.prototype.getContext;
const canvasToDataURL = HTMLCanvasElement.prototype.toDataURL;
const HTMLCanvas = HTMLCanvasElement;
const HTMLImage = HTMLImageElement;
const ImageBitmapClass = window.ImageBitmap;

const MAX_TEXTURE_PIXELS = 1024 * 1024;

// Array.prototype.push and String.prototype.slice may have been replaced by the program.
function append(list, value) {
  defineProperty(list, list.length, { value, writable: true, enumerable: true, configurable: true });
}

function label(value) {
  return typeof value === 'string' ? apply(strSlice, value, [0, 200]) : '';
}

function base64(typed) {
  const bytes = new U8(typed.buffer, typed.byteOffset, typed.byteLength);
  let out = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    out += apply(fromCharCode, null, apply(u8Subarray, bytes, [i, i + chunk]));
  }
  return toBase64(out);
}

function colorOf(c, fallback) {
  if (c && typeof c.r === 'number') return [c.r, c.g, c.b];
  return fallback;
}

function num(value, fallback) {
  return typeof value === 'number' && finite(value) ? value : fallback;
}

export function createExtractor(THREE) {
  const Object3DProto = THREE.Object3D.prototype;
  const Matrix4 = THREE.Matrix4;
  const Matrix3 = THREE.Matrix3;
  const isObject3D = (o) => o !== null && typeof o === 'object' && apply(isPrototypeOf, Object3DProto, [o]);
  const slot = { value: undefined };

  function textureImage(texture, notes) {
    const image = texture && texture.image;
    if (!image) return null;
    const width = image.width | 0;
    const height = image.height | 0;
    if (width <= 0 || height <= 0) return null;
    if (width * height > MAX_TEXTURE_PIXELS) {
      append(notes, `texture of ${width}x${height} px dropped (over ${MAX_TEXTURE_PIXELS} px)`);
      return null;
    }
    const canvas = apply(createElement, doc, ['canvas']);
    canvas.width = width;
    canvas.height = height;
    const ctx = apply(getContext, canvas, ['2d']);
    try {
      if (image instanceof HTMLCanvas || image instanceof HTMLImage
          || (ImageBitmapClass && image instanceof ImageBitmapClass)) {
        ctx.drawImage(image, 0, 0);
      } else if (image.data && image.data.length === width * height * 4) {
        const pixels = ctx.createImageData(width, height);
        pixels.data.set(image.data);
        ctx.putImageData(pixels, 0, 0);
      } else {
        append(notes, 'texture with an unsupported image format dropped');
        return null;
      }
      return apply(canvasToDataURL, canvas, ['image/png']);
    } catch (err) {
      append(notes, `texture dropped: ${label(err && err.message)}`);
      return null;
    }
  }

  function describeMaterial(m, notes) {
    const base = {
      kind: 'standard',
      name: label(m.name),
      color: colorOf(m.color, [0.8, 0.8, 0.8]),
      emissive: colorOf(m.emissive, [0, 0, 0]),
      emissiveIntensity: num(m.emissiveIntensity, 1),
      metalness: 0,
      roughness: 1,
      opacity: num(m.opacity, 1),
      transparent: m.transparent === true,
      side: m.side === 1 || m.side === 2 ? m.side : 0,
      flatShading: m.flatShading === true,
      vertexColors: m.vertexColors === true,
      map: null,
      mapFlipY: true,
    };
    if (m.isMeshStandardMaterial) {
      base.metalness = num(m.metalness, 0);
      base.roughness = num(m.roughness, 1);
    } else if (m.isMeshBasicMaterial) {
      base.kind = 'basic';
    } else if (m.isMeshPhongMaterial) {
      base.roughness = mathMin(1, mathSqrt(2 / (num(m.shininess, 30) + 2)));
    } else if (!(m.isMeshLambertMaterial || m.isMeshToonMaterial)) {
      append(notes, `material type ${label(m.type)} drawn as a standard material`);
    }
    if (m.map) {
      base.map = textureImage(m.map, notes);
      base.mapFlipY = m.map.flipY !== false;
    }
    return base;
  }

  // The triangle ranges three would draw for one mesh: [start, end) in index (or vertex) units.
  function drawnRanges(mesh, geometry, elementCount) {
    const drawRange = geometry.drawRange || { start: 0, count: Infinity };
    const start = mathMax(0, num(drawRange.start, 0));
    const end = mathMin(elementCount, start + (typeof drawRange.count === 'number' ? drawRange.count : Infinity));
    const material = mesh.material;
    const ranges = [];
    if (isArray(material)) {
      const groups = isArray(geometry.groups) ? geometry.groups : [];
      for (let g = 0; g < groups.length; g++) {
        const group = groups[g];
        const m = material[group.materialIndex];
        if (!m || m.visible === false) continue;
        const s = mathMax(start, num(group.start, 0));
        const e = mathMin(end, s + num(group.count, Infinity), num(group.start, 0) + num(group.count, Infinity));
        if (e > s) append(ranges, { start: s, end: e, material: m });
      }
    } else if (material && material.visible !== false) {
      if (end > start) append(ranges, { start, end, material });
    }
    return ranges;
  }

  function collectMeshes(root) {
    const meshes = [];
    const skipped = { lines: 0, points: 0, other: 0 };
    const stack = [root];
    let visited = 0;
    while (stack.length) {
      const node = stack[stack.length - 1];
      stack.length -= 1;
      if (!isObject3D(node) || node.visible === false) continue;
      visited++;
      if (node.isMesh) append(meshes, node);
      else if (node.isLine || node.isLineSegments) skipped.lines++;
      else if (node.isPoints) skipped.points++;
      else if (node.isSprite) skipped.other++;
      const children = node.children;
      if (isArray(children)) {
        for (let i = children.length - 1; i >= 0; i--) append(stack, children[i]);
      }
    }
    return { meshes, skipped, visited };
  }

  function bakePart(mesh, geometry, range, index, position, normal, color, uv, uvMatrix, instanceMatrices, instanceColor, materialInfo) {
    const indexed = index !== null;
    const first = range.start;
    const triCount = mathFloor((range.end - range.start) / 3);
    const used = triCount * 3;
    // Compact the referenced vertices of one copy.
    const remap = new I32(position.count);
    apply(i32Fill, remap, [-1]);
    const order = new I32(used);
    const local = new U32(used);
    let n = 0;
    for (let i = 0; i < used; i++) {
      const v = indexed ? index.getX(first + i) : first + i;
      if (!(v >= 0 && v < position.count)) {
        return { invalid: `mesh "${label(mesh.name)}": index ${v} points past its ${position.count} vertices` };
      }
      if (remap[v] < 0) { remap[v] = n; order[n] = v; n++; }
      local[i] = remap[v];
    }
    const copies = instanceMatrices ? instanceMatrices.length : 1;
    const positions = new F32(n * 3 * copies);
    const normals = normal ? new F32(n * 3 * copies) : null;
    const uvs = uv && materialInfo.map ? new F32(n * 2 * copies) : null;
    const wantColors = (color && materialInfo.vertexColors) || instanceColor;
    const colors = wantColors ? new F32(n * 3 * copies) : null;
    const indices = new U32(used * copies);
    const world = new Matrix4();
    const normalMatrix = new Matrix3();
    for (let c = 0; c < copies; c++) {
      world.copy(mesh.matrixWorld);
      if (instanceMatrices) world.multiply(instanceMatrices[c]);
      const e = world.elements;
      normalMatrix.getNormalMatrix(world);
      const ne = normalMatrix.elements;
      const flip = world.determinant() < 0;
      const base = c * n;
      for (let k = 0; k < n; k++) {
        const v = order[k];
        const x = position.getX(v), y = position.getY(v), z = position.getZ(v);
        const o = (base + k) * 3;
        positions[o] = e[0] * x + e[4] * y + e[8] * z + e[12];
        positions[o + 1] = e[1] * x + e[5] * y + e[9] * z + e[13];
        positions[o + 2] = e[2] * x + e[6] * y + e[10] * z + e[14];
        if (normals) {
          const nx = normal.getX(v), ny = normal.getY(v), nz = normal.getZ(v);
          const tx = ne[0] * nx + ne[3] * ny + ne[6] * nz;
          const ty = ne[1] * nx + ne[4] * ny + ne[7] * nz;
          const tz = ne[2] * nx + ne[5] * ny + ne[8] * nz;
          const len = mathSqrt(tx * tx + ty * ty + tz * tz) || 1;
          normals[o] = tx / len; normals[o + 1] = ty / len; normals[o + 2] = tz / len;
        }
        if (colors) {
          let r = 1, g = 1, b = 1;
          if (color && materialInfo.vertexColors) { r = color.getX(v); g = color.getY(v); b = color.getZ(v); }
          if (instanceColor) {
            r *= instanceColor.getX(c); g *= instanceColor.getY(c); b *= instanceColor.getZ(c);
          }
          colors[o] = r; colors[o + 1] = g; colors[o + 2] = b;
        }
        if (uvs) {
          let s = uv.getX(v), t = uv.getY(v);
          if (uvMatrix) {
            const m = uvMatrix.elements;
            const s2 = m[0] * s + m[3] * t + m[6];
            t = m[1] * s + m[4] * t + m[7];
            s = s2;
          }
          const q = (base + k) * 2;
          uvs[q] = s; uvs[q + 1] = t;
        }
      }
      const ib = c * used;
      for (let i = 0; i < used; i += 3) {
        indices[ib + i] = base + local[i];
        indices[ib + i + 1] = base + (flip ? local[i + 2] : local[i + 1]);
        indices[ib + i + 2] = base + (flip ? local[i + 1] : local[i + 2]);
      }
    }
    if (colors && !materialInfo.vertexColors) materialInfo.vertexColors = true;
    return {
      part: {
        name: label(mesh.name),
        vertexCount: n * copies,
        triangleCount: triCount * copies,
        positions: base64(positions),
        indices: base64(indices),
        normals: normals ? base64(normals) : null,
        colors: colors ? base64(colors) : null,
        uvs: uvs ? base64(uvs) : null,
        material: materialInfo,
      },
    };
  }

  // Calls the program's buildObject(); exceptions propagate to the runner (for line and column).
  function build() {
    slot.value = undefined;
    const fn = globalEval('typeof buildObject === "function" ? buildObject : undefined');
    if (typeof fn !== 'function') return 'missing';
    slot.value = fn();
    return 'returned';
  }

  // Reads the held object into plain data (returned by value through CDP, serialised natively).
  function extract(maxTriangles) {
    const root = slot.value;
    slot.value = undefined;
    if (root && typeof root.then === 'function') {
      return ({ outcome: 'invalid_output', message: 'buildObject() returned a Promise; it must return a THREE.Object3D synchronously' });
    }
    if (!isObject3D(root)) {
      const what = root === null ? 'null' : typeof root === 'object' ? `an object that is not a THREE.Object3D` : typeof root;
      return ({ outcome: 'invalid_output', message: `buildObject() returned ${what}, not a THREE.Object3D` });
    }
    if (typeof root.updateMatrixWorld === 'function') root.updateMatrixWorld(true);
    const { meshes, skipped, visited } = collectMeshes(root);
    const notes = [];
    if (skipped.lines) append(notes, `${skipped.lines} line object(s) ignored: only meshes are scored`);
    if (skipped.points) append(notes, `${skipped.points} point cloud(s) ignored: only meshes are scored`);
    if (skipped.other) append(notes, `${skipped.other} sprite(s) ignored: only meshes are scored`);

    // First pass: count what three would draw, before copying anything.
    const plans = [];
    let triangles = 0;
    for (let i = 0; i < meshes.length; i++) {
      const mesh = meshes[i];
      const geometry = mesh.geometry;
      if (!geometry || !geometry.isBufferGeometry || !geometry.attributes || !geometry.attributes.position) {
        append(notes, `mesh "${label(mesh.name)}" has no BufferGeometry with positions: ignored`);
        continue;
      }
      const position = geometry.attributes.position;
      const index = geometry.index || null;
      const elements = index ? index.count : position.count;
      const copies = mesh.isInstancedMesh ? mathMax(0, num(mesh.count, 0) | 0) : 1;
      const ranges = drawnRanges(mesh, geometry, elements);
      for (let r = 0; r < ranges.length; r++) {
        triangles += mathFloor((ranges[r].end - ranges[r].start) / 3) * copies;
      }
      append(plans, { mesh, geometry, position, index, copies, ranges });
      if (triangles > maxTriangles) {
        return ({ outcome: 'too_large', triangles, message: `the object has more than ${maxTriangles} triangles (counted ${triangles} so far, instances included)` });
      }
    }
    if (triangles === 0) {
      return ({ outcome: 'empty_geometry', message: `the object has no drawable triangles (${visited} visible node(s), ${meshes.length} mesh(es))`, notes });
    }

    // Second pass: bake world transforms (and instances) into compact parts.
    const parts = [];
    for (let p = 0; p < plans.length; p++) {
      const { mesh, geometry, position, index, copies, ranges } = plans[p];
      if (copies === 0) continue;
      let instanceMatrices = null;
      if (mesh.isInstancedMesh) {
        instanceMatrices = [];
        for (let c = 0; c < copies; c++) {
          const m = new Matrix4();
          mesh.getMatrixAt(c, m);
          append(instanceMatrices, m);
        }
      }
      const attrs = geometry.attributes;
      for (let r = 0; r < ranges.length; r++) {
        const materialInfo = describeMaterial(ranges[r].material, notes);
        let uvMatrix = null;
        const map = ranges[r].material.map;
        if (materialInfo.map && map && map.matrix) {
          if (map.matrixAutoUpdate !== false && typeof map.updateMatrix === 'function') map.updateMatrix();
          uvMatrix = map.matrix;
        }
        const baked = bakePart(mesh, geometry, ranges[r], index, position, attrs.normal || null,
          attrs.color || null, attrs.uv || null, uvMatrix, instanceMatrices,
          mesh.isInstancedMesh && mesh.instanceColor ? mesh.instanceColor : null, materialInfo);
        if (baked.invalid) return ({ outcome: 'invalid_geometry', message: baked.invalid, notes });
        append(parts, baked.part);
      }
    }
    return ({ outcome: 'extracted', triangles, parts, notes, visited });
  }

  return Object.freeze({ build, extract });
}
