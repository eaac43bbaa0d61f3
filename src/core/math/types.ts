/** A 3-vector (mm or unitless direction, as the field's doc says). */
export type Vec3 = [number, number, number];

/**
 * A 4×4 affine, row-major: element (r, c) at index r*4 + c.
 * Used for voxel index (i, j, k) → patient LPS millimetres unless a doc comment says otherwise.
 */
export type Mat4 = number[];
