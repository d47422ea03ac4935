package sc.fiji.revsam2.checkpoint;

/** Copies a strided view (torch tensors, Fortran-order .npy) into a row-major float array. */
final class Strided {

	/** Element {@code index} of some typed source, as float. */
	interface Source {
		float get(int index);
	}

	private Strided() {}

	/**
	 * dst[i] = src[offset + sum_k index_k * stride_k], with i running over the indices of
	 * {@code shape} in row-major order. Callers have checked that every source index is in range.
	 */
	static void gather(Source src, long offset, long[] shape, long[] stride, float[] dst) {
		if (dst.length == 0) return;
		int rank = shape.length;
		if (rank == 0) {
			dst[0] = src.get((int) offset);
			return;
		}
		long[] index = new long[rank];
		long at = offset;
		int inner = rank - 1;
		long innerSize = shape[inner], innerStride = stride[inner];
		int out = 0;
		while (true) {
			long p = at;
			for (long j = 0; j < innerSize; j++, p += innerStride) dst[out++] = src.get((int) p);
			// advance the outer indices like an odometer
			int k = inner - 1;
			while (k >= 0) {
				at += stride[k];
				if (++index[k] < shape[k]) break;
				at -= stride[k] * shape[k];
				index[k] = 0;
				k--;
			}
			if (k < 0) return;
		}
	}

	/** Row-major (C order) strides, in elements, for a shape. */
	static long[] rowMajorStrides(long[] shape) {
		long[] s = new long[shape.length];
		long step = 1;
		for (int i = shape.length - 1; i >= 0; i--) {
			s[i] = step;
			step *= shape[i];
		}
		return s;
	}

	/** Column-major (Fortran order) strides, in elements, for a shape. */
	static long[] columnMajorStrides(long[] shape) {
		long[] s = new long[shape.length];
		long step = 1;
		for (int i = 0; i < shape.length; i++) {
			s[i] = step;
			step *= shape[i];
		}
		return s;
	}
}
